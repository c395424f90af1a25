package io.bpmonitor.signin;

/** A signed-in person: the name that goes on record for what they do, and their role. */
public record User(String name, UserRole role) {
}
