// Reads every message of an MCAP file with @mcap/core's McapIndexedReader (zstd via @mcap/support, CRCs validated
// as by default), RUNS times; prints the best run as JSON {seconds, messages, bytes, version, node}.
// Usage: NODE_PATH=.ci/peers/node_modules node mcap-peer-bench.cjs FILE RUNS
const { open, readFile } = require("node:fs/promises");
const path = require("node:path");
const { McapIndexedReader } = require("@mcap/core");
const { FileHandleReadable } = require("@mcap/nodejs");
const { loadDecompressHandlers } = require("@mcap/support");

async function main() {
  const corePackage = path.join(path.dirname(require.resolve("@mcap/core")), "..", "..", "package.json");
  const version = JSON.parse(await readFile(corePackage, "utf8")).version;
  const [file, runsArg] = process.argv.slice(2);
  const decompressHandlers = await loadDecompressHandlers();
  let best;
  for (let run = 0; run < Number(runsArg ?? 1); run++) {
    const start = process.hrtime.bigint();
    const handle = await open(file, "r");
    const reader = await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle), decompressHandlers });
    let messages = 0;
    let bytes = 0;
    for await (const m of reader.readMessages()) {
      messages++;
      bytes += m.data.byteLength;
    }
    await handle.close();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (!best || seconds < best.seconds) best = { seconds, messages, bytes };
  }
  console.log(JSON.stringify({ ...best, version, node: process.versions.node }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
