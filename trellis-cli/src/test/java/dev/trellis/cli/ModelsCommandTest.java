package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.models.registry.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trellis models register|list|alias} in this JVM, on a registry in a temporary directory. */
class ModelsCommandTest {
    @TempDir
    Path dir;

    private String registry;
    private Path v1;
    private Path v2;

    @BeforeEach
    void setUp() throws IOException {
        registry = dir.resolve("registry").toString();
        v1 = Files.writeString(dir.resolve("demo-v1.fake"), "1 0");
        v2 = Files.writeString(dir.resolve("demo-v2.fake"), "2 0");
    }

    private CliRun models(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "models";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--registry";
        all[args.length + 2] = registry;
        return CliRun.of(all);
    }

    @Test
    void registerPrintsTheNewVersionItsUriAndSignature() {
        var run = models("register", "demo", v1.toString(), "--description", "first");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Registered model 'demo' version 1 (fake): models:/demo/1\n")
                .contains("  signature: [x: float[-1, 2]] -> [y: float[-1, 1]]");
        assertThat(models("register", "demo", v2.toString()).out()).startsWith("Registered model 'demo' version 2 (fake)");
        assertThat(ModelRegistry.open(Path.of(registry)).version("demo", 1).description()).isEqualTo("first");
    }

    @Test
    void registerPointsTheGivenAliasesAtTheNewVersion() {
        models("register", "demo", v1.toString());

        var run = models("register", "demo", v2.toString(), "--alias", "champion", "--alias", "staging");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  alias champion -> version 2", "  alias staging -> version 2");
    }

    @Test
    void registerTakesAFlavorForAFileNoRuntimeRecognizes() throws IOException {
        Path unnamed = Files.writeString(dir.resolve("model.weights"), "3 0");

        var run = models("register", "demo", unnamed.toString(), "--flavor", "fake");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Registered model 'demo' version 1 (fake)");
    }

    @Test
    void registerSaysWhenTheSignatureIsUnknown() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.fake"), "not numbers");

        var run = models("register", "broken", broken.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  signature: unknown (the fake runtime could not load the file)");
    }

    @Test
    void registerFromARunsUri() {
        ModelRegistry store = ModelRegistry.open(Path.of(registry));
        store.logArtifact("run7", v1, "model");

        var run = models("register", "demo", "runs:/run7/model");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(store.version("demo", 1).runId()).contains("run7");
    }

    @Test
    void aMissingSourceFileExitsWithOneOnOneLine() {
        Path missing = dir.resolve("missing.fake");

        var run = models("register", "demo", missing.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("model file " + missing + " does not exist\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void badNamesUrisAndFlavorsExitWithTwo() {
        var badName = models("register", "my model", v1.toString());
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).startsWith("model name must be 1 to 128 letters").doesNotContain("\tat ");

        var badUri = models("register", "demo", "s3://bucket/model.onnx");
        assertThat(badUri.exitCode()).isEqualTo(2);
        assertThat(badUri.err()).startsWith("bad model URI 's3://bucket/model.onnx': scheme 's3:' is not supported");

        var badFlavor = models("register", "demo", v1.toString(), "--flavor", "onxx");
        assertThat(badFlavor.exitCode()).isEqualTo(2);
        assertThat(badFlavor.err()).startsWith("flavor 'onxx' is unknown; flavors: ").contains("fake");
    }

    @Test
    void listShowsOneRowPerModel() {
        models("register", "demo", v1.toString());
        models("register", "demo", v2.toString(), "--alias", "staging");
        models("alias", "demo", "champion", "1");
        models("register", "fraud", v1.toString());

        var run = models("list");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Registry: " + registry + "\n")
                .containsPattern("NAME +LATEST +VERSIONS +FLAVOR +CREATED +ALIASES\n")
                .containsPattern("demo +2 +2 +fake +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +champion=1, staging=2\n")
                .containsPattern("fraud +1 +1 +fake +\\S+ +-\n");
    }

    @Test
    void listWithANameShowsItsVersions() {
        models("register", "demo", v1.toString(), "--description", "first try");
        models("register", "demo", v2.toString(), "--alias", "champion");

        var run = models("list", "demo");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("VERSION +FLAVOR +CREATED +ALIASES +RUN +DESCRIPTION\n")
                .containsPattern("\n1 +fake +\\S+ +- +- +first try\n")
                .containsPattern("\n2 +fake +\\S+ +champion +- *\n");
    }

    @Test
    void listAsJsonHasEveryVersionWithItsSignature() throws IOException {
        models("register", "demo", v1.toString(), "--alias", "champion");
        models("register", "demo", v2.toString());

        var run = models("list", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("registry").asText()).isEqualTo(registry);
        JsonNode demo = json.get("models").get(0);
        assertThat(demo.get("name").asText()).isEqualTo("demo");
        assertThat(demo.get("latest_version").asInt()).isEqualTo(2);
        assertThat(demo.get("aliases").get("champion").asInt()).isEqualTo(1);
        JsonNode first = demo.get("versions").get(0);
        assertThat(first.get("uri").asText()).isEqualTo("models:/demo/1");
        assertThat(first.get("flavor").asText()).isEqualTo("fake");
        assertThat(first.get("signature").get("inputs").get(0).get("shape").toString()).isEqualTo("[-1,2]");
        assertThat(first.get("run_id").isNull()).isTrue();
    }

    @Test
    void listOfAnEmptyRegistrySaysSo() {
        var run = models("list");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("No models in the registry at " + registry + ".\n");
        assertThat(models("list", "--json").out()).contains("\"models\" : [ ]");
    }

    @Test
    void listOfAnUnknownModelExitsWithOne() {
        models("register", "demo", v1.toString());

        var run = models("list", "iris");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("no model 'iris' in the registry at " + registry + "; models: demo\n");
    }

    @Test
    void aliasMovesAndSaysWhereItWas() {
        models("register", "demo", v1.toString(), "--alias", "champion");
        models("register", "demo", v2.toString());

        var run = models("alias", "demo", "champion", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Alias 'champion' of model 'demo' -> version 2 (was version 1).\n");
        assertThat(ModelRegistry.open(Path.of(registry)).resolve("models:/demo@champion").version()).isEqualTo(2);
        assertThat(models("alias", "demo", "staging", "1").out()).endsWith("-> version 1 (new alias).\n");
    }

    @Test
    void aliasDeleteRemovesIt() {
        models("register", "demo", v1.toString(), "--alias", "champion");

        var run = models("alias", "demo", "champion", "--delete");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Deleted alias 'champion' of model 'demo' (it pointed to version 1).\n");
        var again = models("alias", "demo", "champion", "--delete");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("no alias 'champion' on model 'demo'; it has no aliases\n");
    }

    @Test
    void aliasToAnUnknownVersionExitsWithOne() {
        models("register", "demo", v1.toString());

        var run = models("alias", "demo", "champion", "7");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("no version 7 of model 'demo'; versions: 1\n");
    }

    @Test
    void aliasNeedsAVersionOrDeleteButNotBoth() {
        models("register", "demo", v1.toString());

        var neither = models("alias", "demo", "champion");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).startsWith("Missing VERSION: give the version the alias points to, or --delete");

        var both = models("alias", "demo", "champion", "1", "--delete");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).startsWith("VERSION and --delete exclude each other");

        var notANumber = models("alias", "demo", "champion", "two");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("'two' is not an int");

        var reserved = models("alias", "demo", "latest", "1");
        assertThat(reserved.exitCode()).isEqualTo(2);
        assertThat(reserved.err()).startsWith("alias 'latest' is reserved");
    }

    @Test
    void helpListsTheSubcommandsAndTheRegistryOption() {
        assertThat(CliRun.of("--help").out()).contains("models");
        var run = CliRun.of("models", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("register", "list", "alias", ModelRegistry.ROOT_ENV);
        assertThat(CliRun.of("models", "register", "--help").out())
                .contains("NAME", "SOURCE", "--flavor", "--description", "--alias", "--registry");
    }
}
