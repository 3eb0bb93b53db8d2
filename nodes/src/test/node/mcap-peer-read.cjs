// Reads an MCAP file with @mcap/core's McapIndexedReader (CRCs of summary and chunks validated) and prints JSON:
// {statistics, schemas, channels, dataSectionCrc: {stored, computed}, messages: [...] }.
// Usage: NODE_PATH=.ci/peers/node_modules node mcap-peer-read.cjs < {"file": FILE}
const { open, readFile } = require("node:fs/promises");
const { McapIndexedReader } = require("@mcap/core");
const { FileHandleReadable } = require("@mcap/nodejs");
const { loadDecompressHandlers } = require("@mcap/support");
const { crc32 } = require("@foxglove/crc");

async function main() {
  const { file } = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
  const handle = await open(file, "r");
  const decompressHandlers = await loadDecompressHandlers();
  const reader = await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle), decompressHandlers });
  const messages = [];
  for await (const m of reader.readMessages({ validateCrcs: true })) {
    const ch = reader.channelsById.get(m.channelId);
    messages.push({
      topic: ch.topic, type: reader.schemasById.get(ch.schemaId).name, logTime: m.logTime.toString(),
      publishTime: m.publishTime.toString(), data: Buffer.from(m.data).toString("base64"),
    });
  }
  await handle.close();

  // the data section CRC covers every byte before the DataEnd record, which sits right before the summary
  const bytes = new Uint8Array(await readFile(file));
  const dataEndAt = Number(reader.footer.summaryStart) - 13;
  if (bytes[dataEndAt] !== 0x0f) throw new Error(`no DataEnd record before the summary at ${dataEndAt}`);
  const storedCrc = new DataView(bytes.buffer, bytes.byteOffset + dataEndAt + 9, 4).getUint32(0, true);
  const st = reader.statistics;
  console.log(JSON.stringify({
    statistics: st && {
      messageCount: st.messageCount.toString(), chunkCount: st.chunkCount, channelCount: st.channelCount,
      schemaCount: st.schemaCount, metadataCount: st.metadataCount,
    },
    schemas: [...reader.schemasById.values()].map((s) => ({ name: s.name, encoding: s.encoding, text: new TextDecoder().decode(s.data) })),
    channels: [...reader.channelsById.values()].map((c) => ({ topic: c.topic, messageEncoding: c.messageEncoding, metadata: Object.fromEntries(c.metadata) })),
    metadataNames: [...reader.metadataIndexes.map((m) => m.name)],
    chunkCompressions: [...new Set(reader.chunkIndexes.map((c) => c.compression))],
    dataSectionCrc: { stored: storedCrc, computed: crc32(bytes.subarray(0, dataEndAt)) },
    messages,
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
