package dev.trellis.examples.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import dev.trellis.data.Data;
import dev.trellis.data.Row;
import dev.trellis.examples.Fixtures;
import dev.trellis.examples.classifier.FashionClassifier;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lesson 4's program on the committed Fashion-MNIST sample (20 test images, 2 per class,
 * written as PNG files under their label's folder, as the fixture writer does with Debian's
 * full test set): the actor pool's network gets 18 of the 20 right, as when it was trained.
 */
@Timeout(180)
class FashionMnistBatchInferenceTest {
    @BeforeEach
    void start() {
        Trellis.init(TrellisOptions.builder().numCpus(2).build());
    }

    @AfterEach
    void stop() {
        Trellis.shutdown();
    }

    @Test
    void batchInferenceGivesPerLabelAccuracyTheMeanAndParquetPredictions(@TempDir Path dir) throws Exception {
        JsonNode sample = Fixtures.data("fashion_mnist_sample.json");
        Path images = dir.resolve("images");
        for (int i = 0; i < sample.get("images").size(); i++) {
            JsonNode pixels = sample.get("images").get(i);
            byte[] bytes = new byte[pixels.size()];
            for (int p = 0; p < bytes.length; p++) {
                bytes[p] = (byte) pixels.get(p).asInt();
            }
            FashionMnistPngs.write(images, i, sample.get("labels").get(i).asInt(), bytes, 28, 28);
        }

        var result = FashionMnistBatchInference.run(images.toString(), dir.resolve("preds").toString(),
                FashionClassifier.FASHION_CNN);

        assertThat(result.perLabel()).extracting(r -> r.getLong("ground_truth_label"))
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        double correct = result.perLabel().stream().mapToDouble(r -> r.getDouble("accuracy") * 2).sum();
        assertThat(correct).isEqualTo(18.0);
        assertThat(result.meanAccuracy()).isEqualTo(0.9);
        assertThat(result.predictions()).isEqualTo(20);

        List<Row> written = Data.readParquet(dir.resolve("preds").toString()).takeAll();
        assertThat(written).hasSize(20);
        assertThat(written.getFirst().names()).contains("path", "predicted_label", "image").doesNotContain("pixels");
        long right = written.stream().filter(r -> Path.of(r.getString("path")).getParent().getFileName().toString()
                .equals(Long.toString(r.getLong("predicted_label")))).count();
        assertThat(right).isEqualTo(18);
    }
}
