package dev.clip2scene.msgs.rmw;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import java.util.List;

/**
 * rmw_dds_common/ParticipantEntitiesInfo, what each participant publishes on ros_discovery_info: its gid and the
 * nodes it hosts. ROS tools learn node names only from it.
 */
public record ParticipantEntitiesInfo(Gid gid, List<NodeEntitiesInfo> nodeEntitiesInfoSeq) {
  public ParticipantEntitiesInfo {
    nodeEntitiesInfoSeq = List.copyOf(nodeEntitiesInfoSeq);
  }

  public static final CdrCodec<ParticipantEntitiesInfo> CDR = new CdrCodec<>() {
    @Override
    public ParticipantEntitiesInfo read(CdrReader in) {
      return new ParticipantEntitiesInfo(in.nested("gid", Gid.CDR),
          in.sequence("node_entities_info_seq", NodeEntitiesInfo.CDR));
    }

    @Override
    public void write(CdrWriter out, ParticipantEntitiesInfo v) {
      out.nested(Gid.CDR, v.gid).sequence(NodeEntitiesInfo.CDR, v.nodeEntitiesInfoSeq);
    }
  };
}
