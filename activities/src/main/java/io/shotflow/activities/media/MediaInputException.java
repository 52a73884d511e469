package io.shotflow.activities.media;

import java.io.IOException;

/** A file that is not usable media (cannot be opened, no video where video is needed, no decodable frame). */
public class MediaInputException extends IOException {

  public MediaInputException(String message) {
    super(message);
  }

  public MediaInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
