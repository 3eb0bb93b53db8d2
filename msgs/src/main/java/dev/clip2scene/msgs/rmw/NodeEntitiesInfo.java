package dev.clip2scene.msgs.rmw;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import java.util.List;

/** rmw_dds_common/NodeEntitiesInfo: one node and the gids of its readers and writers. */
public record NodeEntitiesInfo(String nodeNamespace, String nodeName, List<Gid> readerGidSeq, List<Gid> writerGidSeq) {
  /** The bound rmw_dds_common declares on both names. */
  public static final int MAX_NAME = 256;

  public NodeEntitiesInfo {
    if (nodeNamespace.length() > MAX_NAME || nodeName.length() > MAX_NAME) {
      throw new IllegalArgumentException("node name and namespace are at most " + MAX_NAME + " characters");
    }
    readerGidSeq = List.copyOf(readerGidSeq);
    writerGidSeq = List.copyOf(writerGidSeq);
  }

  public static final CdrCodec<NodeEntitiesInfo> CDR = new CdrCodec<>() {
    @Override
    public NodeEntitiesInfo read(CdrReader in) {
      return new NodeEntitiesInfo(in.string("node_namespace"), in.string("node_name"),
          in.sequence("reader_gid_seq", Gid.CDR), in.sequence("writer_gid_seq", Gid.CDR));
    }

    @Override
    public void write(CdrWriter out, NodeEntitiesInfo v) {
      out.string(v.nodeNamespace).string(v.nodeName).sequence(Gid.CDR, v.readerGidSeq).sequence(Gid.CDR, v.writerGidSeq);
    }
  };
}
