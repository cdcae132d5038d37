package dev.trellis.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.examples.BadBodies.BadBody;
import dev.trellis.examples.BadBodies.Expected;
import dev.trellis.examples.ExampleRoutes.Route;
import dev.trellis.examples.ValidRequests.ValidRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input is never a 500 (issue 13): every route of every {@code examples/*.yaml} (each
 * application's prefix, and for annotated routes every operation of its {@code openapi.json})
 * gets the {@link BadBodies} made from its valid request ({@link ValidRequests}). No answer may
 * be a 5xx, bodies every strict reader refuses must be a 400, every error must have the
 * project's JSON error shape, and afterwards the proxy is healthy and each valid request still
 * gets its answer. Each config is served once; its bodies are sent {@value #CONCURRENCY} at a
 * time and checked afterwards, one test per body.
 */
class BadInputFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 13;
    private static final int MUTATIONS_PER_ROUTE = 50;
    private static final int CONCURRENCY = 8;
    /** Bodies for a route that takes none (a GET): it must ignore them, or refuse them with a 4xx. */
    private static final String ANY_BODY = "{\"field\": [1, \"two\"]}";

    /** What one request got: an answer, or the failure to get one. */
    private record Outcome(Route route, BadBody body, HttpResponse<String> response, Exception failure) {
        String name() {
            return route + " with " + body.name();
        }
    }

    @TestFactory
    Stream<DynamicContainer> everyExampleRouteRefusesBadInputWithoutA5xx() {
        return ExampleRoutes.configFiles().stream()
                .map(file -> dynamicContainer(file, Stream.of(file).flatMap(BadInputFuzzTest::fuzz)));
    }

    /** Serves {@code configFile}, sends every bad body to each of its routes, and returns a test per answer. */
    private static Stream<DynamicNode> fuzz(String configFile) {
        try (ExampleServer server = ExampleServer.start(configFile);
             ExecutorService senders = Executors.newFixedThreadPool(CONCURRENCY, Thread.ofVirtual().factory())) {
            var tests = new ArrayList<DynamicNode>();
            var sent = new ArrayList<Future<Outcome>>();
            List<Route> routes = ExampleRoutes.of(configFile, server);
            for (Route route : routes) {
                ValidRequest valid = ValidRequests.of(route).orElse(null);
                if (valid == null) {
                    tests.add(dynamicTest(route + " has a valid request", () -> {
                        throw new AssertionError("add a valid request for " + route + " of " + configFile
                                + " to ValidRequests");
                    }));
                    continue;
                }
                tests.add(answersValidly("before the bad bodies: ", route, valid, server));
                long seed = SEED ^ route.toString().hashCode();
                for (BadBody body : BadBodies.from(valid.body().isEmpty() ? ANY_BODY : valid.body(), seed, MUTATIONS_PER_ROUTE)) {
                    sent.add(senders.submit(send(server, route, valid.headers(), body)));
                }
            }
            var outcomes = new ArrayList<Outcome>();
            for (Future<Outcome> outcome : sent) {
                outcomes.add(outcome.get());
            }
            for (Outcome outcome : outcomes) {
                tests.add(dynamicTest(outcome.name(), () -> check(outcome)));
            }
            HttpResponse<String> health = server.get("/-/healthz");
            tests.add(dynamicTest("after the bad bodies: /-/healthz answers 200",
                    () -> assertThat(health.statusCode()).as(health.body()).isEqualTo(200)));
            for (Route route : routes) {
                ValidRequests.of(route).ifPresent(valid -> tests.add(answersValidly("after the bad bodies: ", route, valid, server)));
            }
            return tests.stream();
        } catch (Exception e) {
            throw new AssertionError("fuzzing " + configFile + " failed: " + e, e);
        }
    }

    private static Callable<Outcome> send(ExampleServer server, Route route, Map<String, String> headers, BadBody body) {
        return () -> {
            try {
                return new Outcome(route, body, server.send(route.method(), route.path(), body.bytes(), headers), null);
            } catch (Exception e) {
                return new Outcome(route, body, null, e);
            }
        };
    }

    /** Sends the valid request now and returns the test of its answer. */
    private static DynamicNode answersValidly(String when, Route route, ValidRequest valid, ExampleServer server) {
        HttpResponse<String> response;
        try {
            response = server.send(route.method(), route.path(), valid.body().getBytes(StandardCharsets.UTF_8), valid.headers());
        } catch (Exception e) {
            return dynamicTest(when + route + " answers its valid request", () -> {
                throw new AssertionError("no answer to the valid request", e);
            });
        }
        return dynamicTest(when + route + " answers its valid request", () -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(valid.answeredBy(response.body())).as("answered %s, expected %s", response.body(), valid.expected())
                    .isTrue();
        });
    }

    private static void check(Outcome outcome) throws Exception {
        String body = outcome.body().shown();
        assertThat(outcome.failure()).as("no answer to %s", body).isNull();
        HttpResponse<String> response = outcome.response();
        String answer = outcome.route() + " with body " + body + " answered " + response.statusCode() + " " + response.body();
        assertThat(response.statusCode()).as(answer).isLessThan(500);
        if (outcome.body().expected() == Expected.BAD_REQUEST && outcome.route().takesBody()) {
            assertThat(response.statusCode()).as(answer).isEqualTo(400);
        }
        if (response.statusCode() >= 400) {
            assertThat(response.headers().firstValue("content-type")).as(answer).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.isObject()).as(answer).isTrue();
            for (String field : List.of("error", "message", "request_id")) {
                assertThat(error.path(field).isTextual() && !error.path(field).asText().isBlank())
                        .as("%s: a non-empty string \"%s\"", answer, field).isTrue();
            }
            assertThat(error.path("message").asText()).as(answer).doesNotContain("\tat ");
        }
    }
}
