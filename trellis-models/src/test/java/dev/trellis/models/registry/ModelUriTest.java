package dev.trellis.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelUriTest {

    @Test
    void parsesAVersion() {
        assertThat(ModelUri.parse("models:/iris/3")).isEqualTo(ModelUri.version("iris", 3));
    }

    @Test
    void parsesAnAlias() {
        assertThat(ModelUri.parse("models:/iris@champion")).isEqualTo(ModelUri.alias("iris", "champion"));
    }

    @Test
    void parsesLatestInAnyCase() {
        assertThat(ModelUri.parse("models:/iris/latest")).isEqualTo(ModelUri.latest("iris"));
        assertThat(ModelUri.parse("models:/iris/Latest")).isEqualTo(ModelUri.latest("iris"));
    }

    @Test
    void parsesARunArtifactWithANestedPath() {
        assertThat(ModelUri.parse("runs:/0a1b2c/model/iris.onnx")).isEqualTo(new ModelUri.Run("0a1b2c", "model/iris.onnx"));
    }

    @Test
    void parsesPlainPathsAndFileUris() {
        assertThat(ModelUri.parse("models/iris.onnx")).isEqualTo(new ModelUri.LocalFile(Path.of("models/iris.onnx")));
        assertThat(ModelUri.parse("/srv/iris.onnx")).isEqualTo(new ModelUri.LocalFile(Path.of("/srv/iris.onnx")));
        assertThat(ModelUri.parse("file:///srv/iris.onnx")).isEqualTo(new ModelUri.LocalFile(Path.of("/srv/iris.onnx")));
        assertThat(ModelUri.parse("file:/srv/iris.onnx")).isEqualTo(new ModelUri.LocalFile(Path.of("/srv/iris.onnx")));
    }

    @Test
    void aWindowsDriveLetterIsAPathNotAScheme() {
        assertThat(ModelUri.parse("C:\\models\\iris.onnx")).isInstanceOf(ModelUri.LocalFile.class);
    }

    @ParameterizedTest
    @CsvSource({"models:/iris/3", "models:/iris@champion", "models:/iris/latest", "runs:/abc/model/iris.onnx",
            "/srv/iris.onnx"})
    void printsItsCanonicalForm(String uri) {
        assertThat(ModelUri.parse(uri)).hasToString(uri);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "models:/iris | it names no version",
            "models:/iris/Production | 'Production' is not a version number or 'latest' (MLflow's stages are not"
                    + " supported: set an alias and use models:/iris@production)",
            "models:/iris/0 | version must be >= 1, was 0",
            "models:/iris/2/extra | a models:/ URI has one part after the name",
            "models://iris/2 | write models:/ with one slash",
            "models:/iris@latest | alias 'latest' is reserved",
            "models:/iris@v2 | alias 'v2' is reserved",
            "models:/my model/1 | model name must be 1 to 128 letters",
            "models:/../etc/1 | model name must be",
            "model:/iris/1 | the scheme is 'models:' (plural)",
            "s3://bucket/iris.onnx | scheme 's3:' is not supported",
            "runs:/abc | it names no artifact path",
            "runs:/abc/ | it names no artifact path",
            "runs:/abc/../secret | artifact path must be relative",
            "runs:/abc/model//x | artifact path must be relative",
            "file:iris.onnx | a file: URI must hold an absolute path"})
    void rejectsBadUrisNamingTheUriAndTheAcceptedForms(String uri, String reason) {
        assertThatThrownBy(() -> ModelUri.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad model URI '" + uri + "': ")
                .hasMessageContaining(reason)
                .hasMessageEndingWith("accepted forms: " + ModelUri.ACCEPTED_FORMS);
    }

    @Test
    void rejectsBlankAndNull() {
        assertThatThrownBy(() -> ModelUri.parse(" ")).hasMessageStartingWith("model URI must not be blank");
        assertThatThrownBy(() -> ModelUri.parse(null)).hasMessageStartingWith("model URI must not be null");
    }

    @Test
    void factoriesCheckTheirArguments() {
        assertThatThrownBy(() -> ModelUri.version("iris", -1)).hasMessage("version must be >= 1, was -1");
        assertThatThrownBy(() -> ModelUri.alias("iris", "a b")).hasMessageContaining("alias must be");
    }
}
