// Writes MCAP files with @mcap/core holding ROS 2 CDR messages serialized by @foxglove/rosmsg2-serialization:
// OUT_DIR/peer-zstd.mcap, peer-lz4.mcap, peer-none.mcap (same messages) and OUT_DIR/expected.json.
// Usage: NODE_PATH=.ci/peers/node_modules node mcap-peer-write.cjs < {"out": OUT_DIR, "ros2msg": ROS2MSG_DIR}
const { execFileSync } = require("node:child_process");
const { open, readFile, writeFile } = require("node:fs/promises");
const { McapWriter } = require("@mcap/core");
const { FileHandleWritable } = require("@mcap/nodejs");
const { parse } = require("@foxglove/rosmsg");
const { MessageWriter } = require("@foxglove/rosmsg2-serialization");
const zstd = require("@foxglove/wasm-zstd");

async function main() {
  const { out: outDir, ros2msg: msgDir } = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
  await zstd.isLoaded;

  const stringDef = "string data\n";
  const cloudDef = await readFile(`${msgDir}/sensor_msgs_PointCloud2.ros2msg`, "utf8");
  const tfDef = await readFile(`${msgDir}/tf2_msgs_TFMessage.ros2msg`, "utf8");
  const types = [
    { topic: "/chatter", name: "std_msgs/msg/String", text: stringDef },
    { topic: "/points", name: "sensor_msgs/msg/PointCloud2", text: cloudDef },
    { topic: "/tf", name: "tf2_msgs/msg/TFMessage", text: tfDef },
  ];
  for (const t of types) t.writer = new MessageWriter(parse(t.text, { ros2: true }));

  function stamp(ns) {
    return { sec: Number(ns / 1000000000n), nanosec: Number(ns % 1000000000n) };
  }

  function messageFor(t, i, ns) {
    const header = { stamp: stamp(ns), frame_id: "lidar" };
    if (t.topic === "/chatter") return { data: `hello ${i}` };
    if (t.topic === "/tf") {
      return {
        transforms: [{
          header: { stamp: stamp(ns), frame_id: "odom" }, child_frame_id: "base_link",
          transform: { translation: { x: i, y: 0.5, z: -1 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
        }],
      };
    }
    const n = 50 + (i % 7);
    const data = new Uint8Array(n * 16);
    const view = new DataView(data.buffer);
    for (let p = 0; p < n; p++) {
      view.setFloat32(p * 16, p * 0.1 + i, true);
      view.setFloat32(p * 16 + 4, -p * 0.2, true);
      view.setFloat32(p * 16 + 8, 1.5, true);
      view.setFloat32(p * 16 + 12, p % 256, true);
    }
    const field = (name, offset) => ({ name, offset, datatype: 7, count: 1 });
    return {
      header, height: 1, width: n,
      fields: [field("x", 0), field("y", 4), field("z", 8), field("intensity", 12)],
      is_bigendian: false, point_step: 16, row_step: n * 16, data, is_dense: true,
    };
  }

  // 120 messages; every 10th is stamped slightly earlier than its predecessor, as real recorders sometimes do.
  const base = 1700000000000000000n;
  const messages = [];
  for (let i = 0; i < 120; i++) {
    const t = types[i % 3];
    let logTime = base + BigInt(i) * 10000000n;
    if (i % 10 === 9) logTime -= 15000000n;
    const data = t.writer.writeMessage(messageFor(t, i, logTime));
    messages.push({ t, i, logTime, publishTime: logTime - 1000n, data });
  }

  function lz4Frame(data) {
    // the lz4 command line tool (Debian package lz4) writes the LZ4 frame format
    return new Uint8Array(execFileSync("lz4", ["-c", "-q", "-z"], { input: Buffer.from(data) }));
  }

  const compressors = {
    zstd: (data) => ({ compression: "zstd", compressedData: zstd.compress(data, 3) }),
    lz4: (data) => ({ compression: "lz4", compressedData: lz4Frame(data) }),
    none: (data) => ({ compression: "", compressedData: data }),
  };

  for (const [name, compress] of Object.entries(compressors)) {
    const handle = await open(`${outDir}/peer-${name}.mcap`, "w");
    const writer = new McapWriter({ writable: new FileHandleWritable(handle), chunkSize: 2048, compressChunk: compress });
    await writer.start({ profile: "ros2", library: "@mcap/core interop test" });
    const channelIds = new Map();
    for (const t of types) {
      const schemaId = await writer.registerSchema({ name: t.name, encoding: "ros2msg", data: new TextEncoder().encode(t.text) });
      channelIds.set(t.topic, await writer.registerChannel({
        topic: t.topic, schemaId, messageEncoding: "cdr",
        metadata: new Map([["offered_qos_profiles", ""], ["topic_type_hash", ""]]),
      }));
    }
    for (const m of messages) {
      await writer.addMessage({
        channelId: channelIds.get(m.t.topic), sequence: m.i, logTime: m.logTime, publishTime: m.publishTime, data: m.data,
      });
    }
    await writer.end();
    await handle.close();
  }

  await writeFile(`${outDir}/expected.json`, JSON.stringify(messages.map((m) => ({
    topic: m.t.topic, type: m.t.name, logTime: m.logTime.toString(), publishTime: m.publishTime.toString(),
    data: Buffer.from(m.data).toString("base64"),
  }))));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
