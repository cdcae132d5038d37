package dev.trellis.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticTaxiTripsTest {

    @Test
    void sameSeedGivesTheSameTrips() {
        assertThat(SyntheticTaxiTrips.generate(200, 42)).isEqualTo(SyntheticTaxiTrips.generate(200, 42));
        assertThat(SyntheticTaxiTrips.generate(200, 42)).isNotEqualTo(SyntheticTaxiTrips.generate(200, 43));
    }

    @Test
    void tripsLookLikeTaxiTrips() {
        List<SyntheticTaxiTrips.Trip> trips = SyntheticTaxiTrips.generate(5000, 1);

        for (SyntheticTaxiTrips.Trip trip : trips) {
            assertThat(trip.tripDistance()).isBetween(0.1f, 40f);
            assertThat(trip.passengerCount()).isBetween(1, 6);
            assertThat(trip.pickupHour()).isBetween(0, 23);
            assertThat(trip.paymentType()).isBetween(1, 4);
            assertThat(trip.durationMinutes()).isGreaterThanOrEqualTo(1f);
            assertThat(trip.fareAmount()).isGreaterThanOrEqualTo(3f);
            assertThat(trip.features()).hasSize(SyntheticTaxiTrips.FEATURE_NAMES.size());
        }
        double card = trips.stream().filter(t -> t.paymentType() == 1).count() / 5000.0;
        assertThat(card).isBetween(0.66, 0.74);
    }

    @Test
    void onlyCardTripsTipAndAboutAThirdOfAllTripsTipTwentyPercent() {
        List<SyntheticTaxiTrips.Trip> trips = SyntheticTaxiTrips.generate(5000, 2);

        assertThat(trips).filteredOn(t -> t.paymentType() != 1).allMatch(t -> t.tipFraction() == 0.0);
        double positive = trips.stream().filter(SyntheticTaxiTrips.Trip::tippedAtLeast20Percent).count() / 5000.0;
        // The Python fixture's held-out split has 28% positives.
        assertThat(positive).isBetween(0.22, 0.36);
    }

    @Test
    void nightRidesTipMoreOften() {
        List<SyntheticTaxiTrips.Trip> card = SyntheticTaxiTrips.generate(20000, 3).stream()
                .filter(t -> t.paymentType() == 1).toList();

        double night = rate(card.stream().filter(t -> t.pickupHour() >= 20 || t.pickupHour() < 4).toList());
        double day = rate(card.stream().filter(t -> t.pickupHour() >= 8 && t.pickupHour() < 16).toList());

        assertThat(night).isGreaterThan(day + 0.2);
    }

    @Test
    void labelsAndFeaturesLineUpWithTheTrips() {
        List<SyntheticTaxiTrips.Trip> trips = SyntheticTaxiTrips.generate(10, 5);

        float[][] features = SyntheticTaxiTrips.features(trips);
        float[] labels = SyntheticTaxiTrips.labels(trips);

        for (int i = 0; i < trips.size(); i++) {
            assertThat(features[i]).containsExactly(trips.get(i).features());
            assertThat(labels[i]).isEqualTo(trips.get(i).tippedAtLeast20Percent() ? 1f : 0f);
        }
    }

    @Test
    void negativeCountIsRefused() {
        assertThatThrownBy(() -> SyntheticTaxiTrips.generate(-1, 1)).hasMessage("count must be >= 0, was -1");
    }

    private static double rate(List<SyntheticTaxiTrips.Trip> trips) {
        return trips.stream().filter(SyntheticTaxiTrips.Trip::tippedAtLeast20Percent).count() / (double) trips.size();
    }
}
