package io.bpmonitor.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP Basic credentials as a client sends them. */
public final class BasicAuth {

    private BasicAuth() {
    }

    /** The {@code Authorization} header of these credentials. */
    public static String header(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
