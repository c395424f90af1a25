package io.bpmonitor.config;

/**
 * bp-monitor cannot start because a service it needs refused or did not answer. The message is one line that names
 * the setting to fix and never contains a secret; the underlying error is deliberately not attached, so nothing
 * printed with it can leak a credential.
 */
public class StartupCheckException extends RuntimeException {

    public StartupCheckException(String message) {
        super(message);
    }
}
