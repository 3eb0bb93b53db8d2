package dev.clip2scene.model.clip;

import java.nio.file.Path;
import java.util.List;

/**
 * Prompt templates, one per line with {@code {}} where the class name goes. The bundled set is the paper's 85:
 * CLIP's 80 ImageNet templates and 5 scene templates.
 */
public record PromptTemplates(List<String> templates, String source) {
  public static final String PLACEHOLDER = "{}";

  public PromptTemplates {
    templates = List.copyOf(templates);
    if (templates.isEmpty()) throw new IllegalArgumentException(source + ": no templates");
    for (int i = 0; i < templates.size(); i++) {
      if (!templates.get(i).contains(PLACEHOLDER)) {
        throw new IllegalArgumentException(source + ": template " + (i + 1) + " '" + templates.get(i) + "' has no {} for the class name");
      }
    }
  }

  public static PromptTemplates bundled() {
    return new PromptTemplates(LineLists.resource("templates.txt"), "bundled templates (80 ImageNet + 5 scene)");
  }

  public static PromptTemplates read(Path file) {
    return new PromptTemplates(LineLists.read(file), file.toString());
  }

  /** Every template filled with CLASS_NAME. */
  public List<String> fill(String className) {
    return templates.stream().map(t -> t.replace(PLACEHOLDER, className)).toList();
  }
}
