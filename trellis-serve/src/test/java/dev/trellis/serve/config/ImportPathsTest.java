package dev.trellis.serve.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.serve.Application;
import org.junit.jupiter.api.Test;

class ImportPathsTest {
    private static final String APPS = TestApps.class.getName();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void resolvesPublicStaticField() {
        assertThat(ImportPaths.resolve(APPS + ":app", null)).isSameAs(TestApps.app);
    }

    @Test
    void callsBuilderWithoutParameters() {
        assertThat(ImportPaths.resolve(APPS + ":noParameters", null)).isSameAs(TestApps.app);
    }

    @Test
    void convertsArgsToTheBuildersRecordParameter() {
        Application<?> app = ImportPaths.resolve(APPS + ":fromRecord", json("{\"greeting\": \"hey\", \"times\": 2}"));
        assertThat(app.args()).containsExactly("heyhey");
    }

    @Test
    void passesArgsAsMap() {
        Application<?> app = ImportPaths.resolve(APPS + ":fromMap", json("{\"greeting\": \"bonjour\"}"));
        assertThat(app.args()).containsExactly("bonjour");
    }

    @Test
    void callsOneParameterBuilderWithEmptyArgsWhenNoneAreGiven() {
        assertThat(ImportPaths.resolve(APPS + ":fromMap", null).args()).containsExactly("hi");
    }

    @Test
    void acceptsNestedClassWrittenWithDot() {
        assertThat(ImportPaths.resolve(APPS + ".Nested:app", null)).isSameAs(TestApps.Nested.app);
    }

    @Test
    void rejectsPathWithoutColon() {
        assertFails("com.example.Apps.app", null, "import_path: must look like 'com.example.Apps:member'");
    }

    @Test
    void rejectsMissingClass() {
        assertFails("com.example.Missing:app", null, "class 'com.example.Missing' not found on the class path");
    }

    @Test
    void rejectsMissingMemberListingTheApplicationMembers() {
        assertFails(APPS + ":nope", null, "has no public static field or method named 'nope'",
                "its application members: app, failing(), fromMap(args), fromRecord(args), noParameters(), nullApplication");
    }

    @Test
    void rejectsFieldOfWrongType() {
        assertFails(APPS + ":notAnApplication", null, "has type java.lang.String, not dev.trellis.serve.Application");
    }

    @Test
    void rejectsMethodOfWrongReturnType() {
        assertFails(APPS + ":notABuilder", null, "returns java.lang.String, not dev.trellis.serve.Application");
    }

    @Test
    void rejectsNonPublicMember() {
        assertFails(APPS + ":packagePrivate", null, "packagePrivate must be public and static");
    }

    @Test
    void rejectsBuilderWithTwoParameters() {
        assertFails(APPS + ":twoParameters", null, "takes 2 parameters");
    }

    @Test
    void rejectsArgsForField() {
        assertFails(APPS + ":app", json("{\"a\": 1}"), "args: args were given, but " + APPS + ".app is a field");
    }

    @Test
    void rejectsArgsThatDoNotConvert() {
        assertFails(APPS + ":fromRecord", json("{\"greting\": \"typo\"}"),
                "args: cannot convert args {\"greting\":\"typo\"} to the parameter", "Unrecognized field \"greting\"");
    }

    @Test
    void reportsBuilderFailure() {
        assertFails(APPS + ":failing", null, "failing failed: IllegalStateException: no model file");
    }

    @Test
    void rejectsNullApplication() {
        assertFails(APPS + ":nullApplication", null, "nullApplication is null");
    }

    private static void assertFails(String importPath, JsonNode args, String... messageParts) {
        assertThatThrownBy(() -> ImportPaths.resolve(importPath, args))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid import path '" + importPath + "'")
                .hasMessageContainingAll(messageParts);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
