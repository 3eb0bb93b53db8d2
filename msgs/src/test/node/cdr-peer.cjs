// Independent CDR peer for the interop tests: @foxglove/rosmsg parses our schema texts and
// @foxglove/rosmsg2-serialization writes and reads the payloads. Reads one JSON request on stdin, writes one JSON
// answer on stdout. Requests: {"jobs": [job, ...]} where a job is
//   {"op": "write", "type", "schema", "seed", "count"}  -> random values and the payloads the peer wrote for them
//   {"op": "read",  "type", "schema", "payloads": [b64]} -> the values the peer decoded, and those values re-written
//   {"op": "encode", "type", "schema", "values": [obj]}  -> payloads the peer wrote for the given values
// Run with NODE_PATH pointing at .ci/peers/node_modules.
"use strict";
const { parse } = require("@foxglove/rosmsg");
const { MessageReader, MessageWriter } = require("@foxglove/rosmsg2-serialization");

function rng(seed) {
  // mulberry32: small, seeded, good enough to spread values over their ranges
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomPrimitive(type, next) {
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  switch (type) {
    case "bool": return next() < 0.5;
    case "int8": return int(-128, 127);
    case "uint8": return int(0, 255);
    case "int16": return int(-32768, 32767);
    case "uint16": return int(0, 65535);
    case "int32": return int(-2147483648, 2147483647);
    case "uint32": return int(0, 4294967295);
    case "int64": return BigInt.asIntN(64, (BigInt(int(0, 4294967295)) << 32n) | BigInt(int(0, 4294967295)));
    case "uint64": return (BigInt(int(0, 4294967295)) << 32n) | BigInt(int(0, 4294967295));
    case "float32": return Math.fround((next() - 0.5) * 10 ** int(-6, 6));
    case "float64": return (next() - 0.5) * 10 ** int(-12, 12);
    case "string": {
      let s = "";
      const n = int(0, 11);
      for (let i = 0; i < n; i++) s += String.fromCharCode(int(32, 126));
      return s;
    }
    // rosmsg turns builtin_interfaces/Time and Duration into these primitives
    case "time":
    case "duration": return { sec: int(-2147483648, 2147483647), nanosec: int(0, 4294967295) };
    default: throw new Error("no random values for primitive " + type);
  }
}

function randomMessage(defs, fields, next) {
  const out = {};
  for (const f of fields) {
    if (f.isConstant) continue;
    const one = () => (f.isComplex ? randomMessage(defs, defs.get(f.type), next) : randomPrimitive(f.type, next));
    if (f.isArray) {
      const n = f.arrayLength ?? Math.min(Math.floor(next() * (f.type === "uint8" ? 40 : 4)), f.arrayUpperBound ?? Infinity);
      const values = Array.from({ length: n }, one);
      out[f.name] = f.type === "uint8" ? Uint8Array.from(values) : f.type === "float64" ? Float64Array.from(values) : values;
    } else {
      out[f.name] = one();
    }
  }
  return out;
}

// Plain JSON: typed arrays become arrays, bigints strings.
function toJson(v) {
  if (ArrayBuffer.isView(v)) return Array.from(v, (x) => (typeof x === "bigint" ? x.toString() : x));
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === "bigint") return v.toString();
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

// JSON values back to what MessageWriter expects (uint8[] as Uint8Array, float64[] as Float64Array).
function fromJson(defs, fields, obj) {
  const out = {};
  for (const f of fields) {
    if (f.isConstant) continue;
    const v = obj[f.name];
    const one = (x) => (f.isComplex ? fromJson(defs, defs.get(f.type), x) : x);
    if (f.isArray) out[f.name] = f.type === "uint8" ? Uint8Array.from(v) : f.type === "float64" ? Float64Array.from(v) : v.map(one);
    else out[f.name] = one(v);
  }
  return out;
}

const b64 = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

function run(job) {
  const parsed = parse(job.schema, { ros2: true });
  const defs = new Map(parsed.map((d) => [d.name ?? "", d.definitions]));
  const root = parsed[0].definitions;
  const writer = new MessageWriter(parsed);
  const reader = new MessageReader(parsed);
  switch (job.op) {
    case "write": {
      const next = rng(job.seed);
      const values = Array.from({ length: job.count }, () => randomMessage(defs, root, next));
      return { values: values.map(toJson), payloads: values.map((v) => b64(writer.writeMessage(v))) };
    }
    case "read": {
      const values = job.payloads.map((p) => reader.readMessage(Buffer.from(p, "base64")));
      return { values: values.map(toJson), rewritten: values.map((v) => b64(writer.writeMessage(v))) };
    }
    case "encode":
      return { payloads: job.values.map((v) => b64(writer.writeMessage(fromJson(defs, root, v)))) };
    default:
      throw new Error("unknown op " + job.op);
  }
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c) => (input += c));
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  process.stdout.write(JSON.stringify({ results: request.jobs.map(run) }));
});
