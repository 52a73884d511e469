package io.shotflow.api.asset;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.server.types.files.SystemFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.shotflow.api.problem.ApiProblem;
import io.shotflow.api.security.Roles;
import io.shotflow.catalog.AssetRow;
import io.shotflow.media.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/** Uploads (raw body or multipart {@code file}) and downloads, with HTTP range support for video seeking. */
@Controller("/api/assets")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AssetController {

  private final AssetIntake intake;

  public AssetController(AssetIntake intake) {
    this.intake = intake;
  }

  @Post
  @Consumes({"image/png", "image/jpeg", "audio/wav", "audio/x-wav", "audio/wave", "audio/mpeg", "audio/mp4",
      "audio/aac", "video/mp4"})
  @Secured({Roles.PRODUCER, Roles.ADMIN})
  public HttpResponse<AssetCreated> upload(HttpRequest<?> request, @Body InputStream body) throws IOException {
    String contentType = request.getContentType().map(MediaType::toString).orElse("");
    return created(intake.store(body, contentType, null));
  }

  @Post
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Secured({Roles.PRODUCER, Roles.ADMIN})
  public HttpResponse<AssetCreated> uploadPart(@Part("file") CompletedFileUpload file) throws IOException {
    String contentType = file.getContentType().map(MediaType::toString)
        .orElseGet(() -> MediaTypes.forFileName(file.getFilename()));
    if (!AssetIntake.accepted(contentType)) {
      throw ApiProblem.badRequest("file", "content type '" + contentType + "' is not one of "
          + new TreeSet<>(AssetIntake.ACCEPTED_TYPES));
    }
    try (InputStream in = file.getInputStream()) {
      return created(intake.store(in, contentType, file.getFilename()));
    }
  }

  @Get("/{id}")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  public SystemFile download(@PathVariable String id) {
    return new SystemFile(file(id).toFile(), MediaType.of(MediaTypes.forFileName(id)));
  }

  /** The file of an existing asset; 404 for an unknown or malformed id. */
  Path file(String id) {
    try {
      if (intake.exists(id)) {
        return intake.path(id);
      }
    } catch (NoSuchElementException | IllegalArgumentException e) {
      // malformed ids are unknown ids
    }
    throw ApiProblem.notFound("no asset " + id);
  }

  private static HttpResponse<AssetCreated> created(AssetRow row) {
    String url = AssetUrls.of(row.id());
    return HttpResponse.created(new AssetCreated(row.id(), url), URI.create(url));
  }
}
