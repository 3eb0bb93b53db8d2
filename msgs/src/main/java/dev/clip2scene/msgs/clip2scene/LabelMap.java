package dev.clip2scene.msgs.clip2scene;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import dev.clip2scene.msgs.std.Header;
import java.util.List;

/**
 * clip2scene/LabelMap: what each label id of the semantic cloud means; published once (transient local) beside it
 * and again whenever the vocabulary changes.
 */
public record LabelMap(Header header, List<LabelClass> classes) {
  public LabelMap {
    classes = List.copyOf(classes);
  }

  public static final CdrCodec<LabelMap> CDR = new CdrCodec<>() {
    @Override
    public LabelMap read(CdrReader in) {
      return new LabelMap(in.nested("header", Header.CDR), in.sequence("classes", LabelClass.CDR));
    }

    @Override
    public void write(CdrWriter out, LabelMap v) {
      out.nested(Header.CDR, v.header).sequence(LabelClass.CDR, v.classes);
    }
  };
}
