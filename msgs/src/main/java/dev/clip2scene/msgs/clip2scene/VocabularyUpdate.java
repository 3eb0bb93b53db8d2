package dev.clip2scene.msgs.clip2scene;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import dev.clip2scene.msgs.std.Header;
import java.util.List;

/**
 * clip2scene/VocabularyUpdate: a new list of class names for the perception node (open vocabulary). PROMPTTEMPLATES
 * ("a photo of a {}.") replace the node's templates when not empty.
 */
public record VocabularyUpdate(Header header, List<String> classNames, List<String> promptTemplates) {
  public VocabularyUpdate {
    classNames = List.copyOf(classNames);
    promptTemplates = List.copyOf(promptTemplates);
  }

  public static final CdrCodec<VocabularyUpdate> CDR = new CdrCodec<>() {
    @Override
    public VocabularyUpdate read(CdrReader in) {
      return new VocabularyUpdate(in.nested("header", Header.CDR), in.stringSequence("class_names"),
          in.stringSequence("prompt_templates"));
    }

    @Override
    public void write(CdrWriter out, VocabularyUpdate v) {
      out.nested(Header.CDR, v.header).stringSequence(v.classNames).stringSequence(v.promptTemplates);
    }
  };
}
