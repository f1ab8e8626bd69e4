// NumPy's own float32 exp and log (simd_exp_FLOAT / simd_log_FLOAT in
// loops_exponent_log.dispatch.c.src, the AVX2+FMA3 kernels x86 builds use): not correctly
// rounded, so a float32 np.exp prints NumPy's last digit only when computed the same way.

const f32 = Math.fround;

/** A float32 fused multiply-add, a*b + c rounded once (the product is exact in a double). */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const v = s - p;
  const error = p - (s - v) + (c - v);
  const r = f32(s);
  const d = s - r;
  if (error === 0 || d === 0) return r;
  const halfUlp = Math.abs(f32(r + 2 * d) - r) / 2;
  // s sits exactly between two float32s: the part the double dropped decides the side.
  if (Math.abs(d) === halfUlp && Math.sign(error) === Math.sign(d)) return f32(r + 2 * d);
  return r;
}

const LOG2E = f32(1.442695040888963407359924681001892137);
const LOGE2 = f32(0.693147180559945309417232121458176568);
const SQRT1_2 = f32(0.707106781186547524400844362104849039);
const RINT_MAGIC = 1.5 * 2 ** 23;
const CODY_WAITE_HIGH = f32(-6.93145752e-1);
const CODY_WAITE_LOW = f32(-1.42860677e-6);
const EXP_P = [
  9.999999999980870924916e-1, 7.257664613233124478488e-1, 2.473615434895520810817e-1,
  5.114512081637298353406e-2, 6.757896990527504603057e-3, 5.082762527590693718096e-4,
].map(f32);
const EXP_Q = [1, -2.742335390411667452936e-1, 2.159509375685829852307e-2].map(f32);
const LOG_P = [
  0, 9.999999999999998702752e-1, 2.112677543073053063722, 1.480000633576506585156,
  3.808837741388407920751e-1, 2.589979117907922693523e-2,
].map(f32);
const LOG_Q = [
  1, 2.612677543073109236779, 2.453006071784736363091, 9.864942958519418960339e-1,
  1.546476374983906719538e-1, 5.875095403124574342950e-3,
].map(f32);
const EXP_MAX = 88.72283935546875;
const EXP_MIN = -103.97208404541015625;

function polynomial(coefficients: readonly number[], x: number): number {
  let acc = fma32(coefficients[coefficients.length - 1], x, coefficients[coefficients.length - 2]);
  for (let i = coefficients.length - 3; i >= 0; i--) acc = fma32(acc, x, coefficients[i]);
  return acc;
}

/** poly * 2**quadrant as fma_scalef_ps does it: an exponent add, or a division into subnormals. */
function scale(poly: number, quadrant: number): number {
  if (quadrant > -125) return poly * 2 ** quadrant;
  return f32((poly * 2 ** -125) / 2 ** (-125 - quadrant));
}

export function expFloat32(x: number): number {
  if (x !== x) return x;
  if (x >= EXP_MAX) return Infinity;
  if (x <= EXP_MIN) return 0;
  // GCC contracts the multiply and the rounding add into one FMA here.
  const quadrant = f32(fma32(x, LOG2E, RINT_MAGIC) - RINT_MAGIC);
  const reduced = fma32(quadrant, CODY_WAITE_LOW, fma32(quadrant, CODY_WAITE_HIGH, x));
  return scale(f32(polynomial(EXP_P, reduced) / polynomial(EXP_Q, reduced)), quadrant);
}

const view = new DataView(new ArrayBuffer(4));

export function logFloat32(x: number): number {
  if (x !== x || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return x;
  const subnormal = x < 1.1754943508222875e-38;
  view.setFloat32(0, subnormal ? x * 2 ** 100 : x);
  const bits = view.getUint32(0);
  let exponent = (bits >>> 23) - 126 - (subnormal ? 100 : 0);
  view.setUint32(0, (bits & 0x7fffff) | (126 << 23));
  let m = view.getFloat32(0);
  if (m <= SQRT1_2) {
    m = m + m;
    exponent -= 1;
  }
  const y = f32(m - 1);
  return fma32(exponent, LOGE2, f32(polynomial(LOG_P, y) / polynomial(LOG_Q, y)));
}

/** A hexadecimal float literal such as 0x1.45f306p-1 (which JavaScript cannot write). */
function hexFloat(text: string): number {
  const match = /^(-?)0x([0-9a-f]+)\.([0-9a-f]*)p([-+]\d+)$/i.exec(text)!;
  const value = parseInt(match[2] + match[3], 16) * 2 ** (Number(match[4]) - 4 * match[3].length);
  return f32(match[1] ? -value : value);
}

const TWO_OVER_PI = hexFloat("0x1.45f306p-1");
const PIO2 = ["-0x1.921fb0p+00", "-0x1.5110b4p-22", "-0x1.846988p-48"].map(hexFloat);
const COSINE = ["0x1.000000p+00", "-0x1.000000p-01", "0x1.55553cp-05", "-0x1.6c06dcp-10", "0x1.98e616p-16"].map(hexFloat);
const SINE = ["-0x1.555556p-03", "0x1.11119ap-07", "-0x1.a06bbap-13", "0x1.7d3bbcp-19"].map(hexFloat);

/**
 * simd_sincos_f32: Cody-Waite reduction by pi/2, then the sine or cosine polynomial by quadrant.
 * Beyond |x| = 71476.0625 NumPy 1.24 calls libm's sinf/cosf, which the double functions rounded to
 * float32 match to within one unit in the last place.
 */
function sincos(x: number, cosine: boolean): number {
  if (x !== x) return x;
  if (Math.abs(x) > (cosine ? 71476.0625 : 117435.992)) return f32(cosine ? Math.cos(x) : Math.sin(x));
  // GCC contracts the multiply and the rounding add into one FMA here.
  const quadrant = f32(fma32(x, TWO_OVER_PI, RINT_MAGIC) - RINT_MAGIC);
  const reduced = fma32(quadrant, PIO2[2], fma32(quadrant, PIO2[1], fma32(quadrant, PIO2[0], x)));
  const r2 = f32(reduced * reduced);
  const cos = fma32(polynomial(COSINE.slice(2), r2), r2, COSINE[1]);
  const cosValue = fma32(cos, r2, COSINE[0]);
  const sinValue = fma32(fma32(polynomial(SINE, r2), r2, 0), reduced, reduced);
  const q = quadrant + (cosine ? 1 : 0);
  const value = (q & 1) === 0 ? sinValue : cosValue;
  return (q & 2) === 2 ? 0 - value : value;
}

export const sinFloat32 = (x: number): number => sincos(x, false);
export const cosFloat32 = (x: number): number => sincos(x, true);

/** simd_tanh_f32's table (from Intel SVML): per interval, the shift b and coefficients c0..c6. */
const TANH_TABLE = [
  "0 3d700000 3d900000 3db00000 3dd00000 3df00000 3e100000 3e300000 3e500000 3e700000 3e900000 3eb00000 3ed00000 3ef00000 3f100000 3f300000 3f500000 3f700000 3f900000 3fb00000 3fd00000 3ff00000 40100000 40300000 40500000 40700000 40900000 40b00000 40d00000 40f00000 41100000 0",
  "0 3d6fb9c9 3d8fc35f 3daf9169 3dcf49ab 3deee849 3e0f0ee8 3e2e4984 3e4d2f8e 3e6bb32e 3e8c51cd 3ea96163 3ec543f1 3edfd735 3f028438 3f18abf0 3f2bc480 3f3bec1c 3f4f2e5b 3f613c53 3f6ce37d 3f743c4f 3f7a5feb 3f7dea85 3f7f3b3d 3f7fb78c 3f7fefd4 3f7ffdd0 3f7fffb4 3f7ffff6 3f7fffff 3f800000",
  "3f800000 3f7f1f84 3f7ebd11 3f7e1e5f 3f7d609f 3f7c842d 3f7b00e5 3f789580 3f75b8ad 3f726fd9 3f6cc59b 3f63fb92 3f59ff97 3f4f11d7 3f3d7573 3f24f360 3f0cbfe7 3eec1a69 3eb0a801 3e6753a2 3e132f1a 3db7e7d3 3d320845 3c84d3d4 3bc477b7 3b10d3da 3a01601e 388c1a3b 3717b0da 35a43bce 338306c6 0",
  "b0343c7b bd6ee69d bd8f0da7 bdae477d bdcd2a1f bdeba80d be0c443b be293cf3 be44f282 be5f3651 be81c7c0 be96d7ca bea7fb8e beb50e9e bec12efe bec4be92 bebce070 bead510e be8ef7d6 be4b8704 be083237 bdaf7449 bd2e1ec4 bc83bf06 bbc3e0b5 bb10aadc ba0157db b88c18f2 b717b096 b5a43bae b383012c 0",
  "beaaaaa5 beab0612 bea7f01f bea4e120 bea387b7 bea15962 be9d57f7 be976b5a be90230d be880dff be7479b3 be4c3d88 be212482 bdeb8cba bd5e78ad 3c6b5e6e 3d839143 3dc21ee1 3de347af 3dcbec96 3d99ef2d 3d542ea1 3cdde701 3c2cca67 3b81cb27 3ac073a1 39ac3032 383a94d9 36ca081d 355abd4c 332b3cb6 0",
  "b76dd6b9 be1c276d 3c1dcf2f 3dc1a78d 3d96f985 3da2b61b 3dc13397 3dd2f670 3df48a0a 3e06c5a8 3e1a3aba 3e27c405 3e2e78d0 3e2c3e44 3e1d3097 3df4a8f4 3da38508 3d31416a 3b562657 bcaeeac9 bcce9419 bcaaeac4 bc49e7d0 bba71ddd bb003b0e ba3f9a05 b92c08a7 b7ba9232 b64a0b0f b4dac169 b2ab78ac 0",
  "3e0910e9 43761143 4165ecdc c190f756 c08c097d c02ba813 bf7f6bda 3f2b1dc0 3ece105d 3f426a94 badb0dc4 3da43b17 bd51ab88 bcaea23d bd3b6d8d bd6caaad bd795bed bd5fddda bd038f3b bc1cad63 3abb4766 3b95f10b 3b825873 3afaea66 3a49f878 39996bf3 388f3e6c 371bb0e3 35a8a5e6 34369b17 322487b0 0",
  "bc0e2f66 460bda12 43d638ef c3e11c3e c2baa4e9 c249da2d c1859b82 40dd5b57 40494640 40c730a8 bf0f160e 3e30e76f bea81387 bdb26a1c bd351e57 bb4c01a0 3c1d7bfb 3c722cd1 3c973f1c 3c33a31b 3b862ef4 3a27b3d0 ba3b5907 ba0efc22 b97f9f0f b8c8af50 b7bdddfb b64f2950 b4e085b1 b3731dfa b15a1f04 0",
].map((row) => new Float32Array(new Uint32Array(row.split(" ").map((hex) => parseInt(hex, 16))).buffer));
const [TANH_B, ...TANH_C] = TANH_TABLE;

/** simd_tanh_f32: a polynomial per interval of |x|; huge values, inf and nan go to libm. */
export function tanhFloat32(x: number): number {
  view.setFloat32(0, x);
  const bits = view.getUint32(0);
  const exponentBits = bits & 0x7fe00000;
  if (exponentBits > 0x7f000000) return f32(Math.tanh(x));
  const index = Math.min(Math.max(exponentBits - 0x3d400000, 0), 0x3e00000) >>> 21;
  const y = f32(Math.abs(x) - TANH_B[index]);
  let r = fma32(TANH_C[6][index], y, TANH_C[5][index]);
  for (let i = 4; i >= 0; i--) r = fma32(r, y, TANH_C[i][index]);
  return bits >>> 31 === 1 ? -Math.abs(r) : r;
}
