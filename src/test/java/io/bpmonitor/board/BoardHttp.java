package io.bpmonitor.board;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.bpmonitor.testing.BasicAuth;
import io.bpmonitor.testing.TestUsers;

/** Plain HTTP calls to a running board: as the tests' viewer by HTTP Basic, or as nobody. */
final class BoardHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private BoardHttp() {
    }

    record Response(int status, String contentType, String body) {
    }

    private static final String VIEWER = BasicAuth.header(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);

    /** A GET as the tests' viewer. */
    static Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", VIEWER).GET().build());
    }

    /** A GET from nobody signed in. */
    static Response anonymous(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** Signs in on the board's form as the tests' clinician: the session cookie ({@code name=value}). */
    static String signIn(String board) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(board + "/signin")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + TestUsers.CLINICIAN + "&password="
                        + java.net.URLEncoder.encode(TestUsers.CLINICIAN_PASSWORD, java.nio.charset.StandardCharsets.UTF_8)))
                .build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            String cookie = response.headers().firstValue("Set-Cookie").orElseThrow(() -> new AssertionError(
                    "no session: HTTP " + response.statusCode()));
            return cookie.substring(0, cookie.indexOf(';'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET with an {@code Authorization} of the caller's. */
    static Response withAuthorization(String url, String authorization) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).GET().build());
    }

    /** A GET with a session's cookie. */
    static Response withSession(String url, String cookie) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Cookie", cookie).GET().build());
    }

    static Response post(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", VIEWER).POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
