package dev.clip2scene.nodes.bag.mcap;

/** Constants of the MCAP file format (https://mcap.dev/spec): magic and record opcodes. */
final class Mcap {
  private Mcap() {}

  static final byte[] MAGIC = {(byte) 0x89, 'M', 'C', 'A', 'P', '0', '\r', '\n'};
  /** opcode (1) + record length (8). */
  static final int RECORD_HEADER = 9;
  /** Footer record: opcode, length, summary_start, summary_offset_start, summary_crc. */
  static final int FOOTER_RECORD = RECORD_HEADER + 8 + 8 + 4;

  static final int HEADER = 0x01;
  static final int FOOTER = 0x02;
  static final int SCHEMA = 0x03;
  static final int CHANNEL = 0x04;
  static final int MESSAGE = 0x05;
  static final int CHUNK = 0x06;
  static final int MESSAGE_INDEX = 0x07;
  static final int CHUNK_INDEX = 0x08;
  static final int ATTACHMENT = 0x09;
  static final int ATTACHMENT_INDEX = 0x0A;
  static final int STATISTICS = 0x0B;
  static final int METADATA = 0x0C;
  static final int METADATA_INDEX = 0x0D;
  static final int SUMMARY_OFFSET = 0x0E;
  static final int DATA_END = 0x0F;

  /** The ROS 2 profile and the metadata record rosbag2 writes. */
  static final String PROFILE = "ros2";
  static final String ROSBAG2_METADATA = "rosbag2";
  static final String SERIALIZED_METADATA = "serialized_metadata";

  static String name(int opcode) {
    return switch (opcode) {
      case HEADER -> "Header";
      case FOOTER -> "Footer";
      case SCHEMA -> "Schema";
      case CHANNEL -> "Channel";
      case MESSAGE -> "Message";
      case CHUNK -> "Chunk";
      case MESSAGE_INDEX -> "MessageIndex";
      case CHUNK_INDEX -> "ChunkIndex";
      case ATTACHMENT -> "Attachment";
      case ATTACHMENT_INDEX -> "AttachmentIndex";
      case STATISTICS -> "Statistics";
      case METADATA -> "Metadata";
      case METADATA_INDEX -> "MetadataIndex";
      case SUMMARY_OFFSET -> "SummaryOffset";
      case DATA_END -> "DataEnd";
      default -> String.format("unknown record 0x%02X", opcode);
    };
  }
}
