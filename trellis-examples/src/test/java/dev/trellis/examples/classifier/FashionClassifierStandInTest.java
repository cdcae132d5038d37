package dev.trellis.examples.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The stand-in model tells its ten silhouettes apart, deterministically, with Fashion-MNIST's labels. */
class FashionClassifierStandInTest {
    private final FashionClassifierStandIn model = new FashionClassifierStandIn();

    @ParameterizedTest
    @EnumSource(FashionClass.class)
    void eachSilhouetteIsClassifiedAsItsClass(FashionClass fashionClass) {
        Prediction prediction = model.classify(silhouette(fashionClass, 0));

        assertThat(prediction.className()).isEqualTo(fashionClass.label());
        assertThat(prediction.predictedLabel()).isEqualTo(fashionClass.ordinal());
        assertThat(prediction.score()).isBetween(0.5, 1.0);
    }

    @ParameterizedTest
    @EnumSource(FashionClass.class)
    void aSilhouetteMovedOnePixelRightIsStillItsClass(FashionClass fashionClass) {
        assertThat(model.classify(silhouette(fashionClass, 1)).className()).isEqualTo(fashionClass.label());
    }

    @Test
    void theSameImageAlwaysGetsTheSameAnswer() {
        NormalizedImage boot = silhouette(FashionClass.ANKLE_BOOT, 1);

        assertThat(model.classify(boot)).isEqualTo(model.classify(boot));
    }

    @Test
    void aBlankImageStillGetsAClassWithAScoreBelowOne() {
        double[] black = new double[784];
        Arrays.fill(black, -1);

        Prediction prediction = model.classify(new NormalizedImage(black));

        assertThat(prediction.score()).isGreaterThan(0.1).isLessThan(1.0);
    }

    @Test
    void labelsAreFashionMnistsInLabelOrder() {
        assertThat(model.labels()).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    }

    /** The class's drawing as a normalized 28 x 28 image, moved {@code shift} pixels right. */
    private static NormalizedImage silhouette(FashionClass fashionClass, int shift) {
        String[] rows = FashionPrototypes.drawing(fashionClass);
        double[] values = new double[784];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int from = x - shift;
                boolean cloth = from >= 0 && rows[y / 2].charAt(from / 2) == '#';
                values[y * 28 + x] = cloth ? 1 : -1;
            }
        }
        return new NormalizedImage(values);
    }
}
