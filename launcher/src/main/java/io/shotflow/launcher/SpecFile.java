package io.shotflow.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.shotflow.spec.InputLimits;
import io.shotflow.spec.SpecError;
import io.shotflow.spec.SpecValidationException;
import io.shotflow.spec.SpecValidator;
import io.shotflow.spec.StoryboardSpec;
import io.shotflow.spec.StoryboardSpecParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A storyboard spec read from disk. It is validated here before anything starts; its {@code file:} references
 * (relative to the spec) are the only part the CLI resolves itself, by uploading them as assets. A reference must stay
 * inside the spec's folder, symbolic links followed ({@code ../}, an absolute path elsewhere or a link pointing out are
 * refused), unless the spec's owner allows files anywhere ({@code --allow-files-outside-spec-folder}).
 */
final class SpecFile {

  private static final String FILE_SCHEME = "file:";

  private final Path path;
  /** At most one byte past the reader's limit: a larger file is refused as too large, not read whole. */
  private final byte[] content;
  private final String text;
  private final boolean yaml;
  private final boolean allowOutside;

  SpecFile(Path path, boolean allowOutside) throws IOException {
    this.path = path;
    this.allowOutside = allowOutside;
    try (InputStream in = Files.newInputStream(path)) {
      this.content = in.readNBytes(InputLimits.SPEC_BODY_BYTES + 1);
    }
    // used only once problems() found none, so only for valid UTF-8
    this.text = new String(content, StandardCharsets.UTF_8);
    String name = path.getFileName().toString().toLowerCase();
    this.yaml = !name.endsWith(".json");
  }

  /** Parses and validates the spec; returns every problem, including {@code file:} references that do not exist. */
  List<SpecError> problems() {
    StoryboardSpec spec;
    try {
      spec = new StoryboardSpecParser().parse(content, yaml);
    } catch (SpecValidationException e) {
      return e.errors();
    }
    // prices are the server's (its rate card): the API checks the estimate against the budget
    List<SpecError> problems = new ArrayList<>(SpecValidator.validate(spec, true, null));
    for (FileRef ref : fileRefs()) {
      try {
        readable(ref);
      } catch (FileProblem e) {
        problems.add(new SpecError(ref.field(), ref.shot(), e.getMessage()));
      } catch (IOException e) {
        problems.add(new SpecError(ref.field(), ref.shot(), "cannot read " + ref.file() + ": " + e.getMessage()));
      }
    }
    return problems;
  }

  /** The spec as a JSON tree with every {@code file:} reference replaced through {@code upload}. */
  JsonNode withUploadedFiles(Uploader upload) throws IOException, InterruptedException {
    JsonNode tree = tree();
    for (FileRef ref : fileRefs(tree)) {
      ref.owner().put(ref.key(), "asset:" + upload.upload(readable(ref)));
    }
    return tree;
  }

  /**
   * The file {@code ref} names, symbolic links resolved, once it is a regular file inside the spec's folder (or
   * anywhere when allowed).
   *
   * @throws FileProblem saying what is wrong, for the field's error
   */
  private Path readable(FileRef ref) throws IOException {
    if (!Files.exists(ref.file())) {
      throw new FileProblem("file not found: " + ref.file());
    }
    Path real = ref.file().toRealPath();
    if (!Files.isRegularFile(real)) {
      throw new FileProblem("not a regular file: " + ref.file());
    }
    if (allowOutside) {
      return real;
    }
    Path folder = path.toAbsolutePath().getParent().toRealPath();
    if (!real.startsWith(folder)) {
      String what = ref.file().startsWith(path.toAbsolutePath().getParent().normalize())
          ? ref.file() + " is a symbolic link to " + real + ", which is"
          : ref.file() + " is";
      throw new FileProblem(what + " outside the spec's folder " + folder + "; file: references must stay inside it "
          + "(move the file next to the spec, or pass --allow-files-outside-spec-folder)");
    }
    return real;
  }

  private List<FileRef> fileRefs() {
    try {
      return fileRefs(tree());
    } catch (IOException e) {
      return List.of();
    }
  }

  private JsonNode tree() throws IOException {
    return new ObjectMapper(yaml ? new YAMLFactory() : null).readTree(text);
  }

  private List<FileRef> fileRefs(JsonNode tree) {
    List<FileRef> refs = new ArrayList<>();
    JsonNode characters = tree.path("characters");
    for (int i = 0; i < characters.size(); i++) {
      JsonNode references = characters.get(i).path("references");
      for (int j = 0; j < references.size(); j++) {
        collect(refs, references.get(j), "image", "characters[" + i + "].references[" + j + "].image", null);
      }
    }
    JsonNode shots = tree.path("shots");
    for (int i = 0; i < shots.size(); i++) {
      JsonNode shot = shots.get(i);
      String shotId = shot.path("id").asText(null);
      String prefix = "shots[" + i + "].";
      collect(refs, shot.path("start_frame"), "image", prefix + "start_frame.image", shotId);
      collect(refs, shot.path("end_frame"), "image", prefix + "end_frame.image", shotId);
      collect(refs, shot.path("dialogue"), "audio", prefix + "dialogue.audio", shotId);
    }
    return refs;
  }

  private void collect(List<FileRef> refs, JsonNode owner, String key, String field, String shotId) {
    JsonNode value = owner.path(key);
    if (owner instanceof ObjectNode object && value.isTextual() && value.asText().startsWith(FILE_SCHEME)) {
      Path file = path.toAbsolutePath().getParent().resolve(value.asText().substring(FILE_SCHEME.length())).normalize();
      refs.add(new FileRef(object, key, field, shotId, file));
    }
  }

  /** A {@code file:} reference that cannot be used, in words for the field's error. */
  private static final class FileProblem extends IOException {
    FileProblem(String message) {
      super(message);
    }
  }

  private record FileRef(ObjectNode owner, String key, String field, String shot, Path file) {}

  interface Uploader {
    String upload(Path file) throws IOException, InterruptedException;
  }
}
