// What Autograd Lens does not let code reach: the modules that touch files, the network, other
// processes or the interpreter itself. Importing one raises ModuleNotFoundError with the reason,
// so `try: import x / except ImportError` fallbacks still work.

import { PyException } from "../errors";
import type { PyModule } from "../values";

export const SANDBOX_NOTE = "Autograd Lens runs code in a sandbox without file, network or process access";

const BLOCKED = [
  "os", "sys", "subprocess", "socket", "shutil", "pathlib", "requests", "urllib", "urllib3", "http", "httpx", "aiohttp",
  "ftplib", "smtplib", "telnetlib", "ssl", "select", "selectors", "asyncio", "importlib", "ctypes", "cffi", "io", "builtins",
  "multiprocessing", "threading", "concurrent", "signal", "tempfile", "glob", "fnmatch", "pickle", "shelve", "dbm",
  "sqlite3", "zipfile", "tarfile", "gzip", "bz2", "lzma", "zlib", "fileinput", "webbrowser", "platform", "getpass",
  "pty", "tty", "termios", "fcntl", "resource", "mmap", "code", "codeop", "runpy", "pdb", "inspect", "site",
  "sysconfig", "posix", "nt", "pwd", "grp", "psutil", "paramiko", "xmlrpc", "wsgiref", "socketserver",
];

function sandboxError(name: string): PyException {
  return new PyException("ModuleNotFoundError", `No module named '${name}' (${SANDBOX_NOTE})`);
}

/** Registry entries for the blocked modules: each raises instead of creating a module. */
export const blockedModules: Record<string, () => PyModule> = Object.fromEntries(
  BLOCKED.map((name) => [name, () => { throw sandboxError(name); }]),
);
