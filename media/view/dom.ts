// Building DOM and SVG nodes. Text from user code always goes in as text nodes, never as markup.

/** Creates an element with properties and children; text children become text nodes. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K, properties: Partial<HTMLElementTagNameMap[K]> & { dataset?: Record<string, string> }, ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  const { dataset, ...rest } = properties;
  Object.assign(created, rest);
  if (dataset) Object.assign(created.dataset, dataset);
  created.append(...children);
  return created;
}

const SVG = "http://www.w3.org/2000/svg";

/** Creates an SVG element with attributes; text children become text nodes. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K, attributes: Record<string, string | number>, ...children: (Node | string)[]
): SVGElementTagNameMap[K] {
  const created = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, String(value));
  created.append(...children);
  return created;
}

export function button(label: string, title: string, onClick: () => void, className = ""): HTMLButtonElement {
  const created = element("button", { type: "button", title, className: `tool ${className}`.trim() }, label);
  created.setAttribute("aria-label", title);
  created.addEventListener("click", onClick);
  return created;
}
