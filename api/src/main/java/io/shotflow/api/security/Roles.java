package io.shotflow.api.security;

import java.util.List;

/** The API's roles (docs/api.md, "Roles"). An admin may do everything; GET routes need any valid token. */
public final class Roles {

  public static final String PRODUCER = "producer";
  public static final String REVIEWER = "reviewer";
  public static final String ADMIN = "admin";
  public static final List<String> ALL = List.of(PRODUCER, REVIEWER, ADMIN);

  private Roles() {}
}
