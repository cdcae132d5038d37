package dev.trellis.serve.internal.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.serve.internal.messages.HandleRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaAdmissionTest {
    private final List<HandleRequest> started = new ArrayList<>();
    private final ReplicaAdmission admission = new ReplicaAdmission(2, started::add);

    private static HandleRequest request(long id) {
        return new HandleRequest(id, null, new Object[0], null, 0, null, null, null);
    }

    /** Two calls run (the limit), and the actor queued a third. */
    private void fullWithOneWaiting() {
        admission.open();
        admission.tryStartDirect(request(1));
        admission.tryStartDirect(request(2));
        assertThat(admission.admitOrQueue()).isFalse();
    }

    @Test
    void noDirectStartBeforeTheInstanceIsConstructed() {
        assertThat(admission.tryStartDirect(request(1))).isFalse();
        assertThat(started).isEmpty();
        assertThat(admission.ongoing()).isZero();
    }

    @Test
    void directStartsStopAtMaxOngoingRequestsAndResumeWhenACallEnds() {
        admission.open();
        assertThat(admission.tryStartDirect(request(1))).isTrue();
        assertThat(admission.tryStartDirect(request(2))).isTrue();
        assertThat(admission.tryStartDirect(request(3))).isFalse();
        assertThat(started).extracting(HandleRequest::requestId).containsExactly(1L, 2L);

        assertThat(admission.finish()).as("nothing waits: the actor need not hear of it").isFalse();
        assertThat(admission.tryStartDirect(request(3))).isTrue();
        assertThat(admission.ongoing()).isEqualTo(2);
    }

    @Test
    void directAndActorStartsShareTheLimit() {
        admission.open();
        assertThat(admission.admitOrQueue()).isTrue();
        assertThat(admission.tryStartDirect(request(1))).isTrue();
        assertThat(admission.admitOrQueue()).as("full: the actor queues it").isFalse();
        assertThat(admission.ongoing()).isEqualTo(2);
    }

    @Test
    void aWaitingCallIsNotOvertakenAndItsSlotIsAnnounced() {
        fullWithOneWaiting();

        assertThat(admission.finish()).as("a call waits: tell the actor").isTrue();
        assertThat(admission.tryStartDirect(request(3))).as("the waiting call goes first").isFalse();
        assertThat(admission.admitWaiting()).isTrue();
        assertThat(admission.admitWaiting()).isFalse();
        assertThat(admission.tryStartDirect(request(3))).isFalse();
        admission.finish();
        assertThat(admission.tryStartDirect(request(3))).isTrue();
    }

    @Test
    void cancelledWaitingCallsNoLongerHoldDirectStartsBack() {
        fullWithOneWaiting();
        admission.dequeued(1);
        admission.finish();
        assertThat(admission.tryStartDirect(request(3))).isTrue();
    }

    @Test
    void aClosedReplicaTakesNoDirectCallsAndHearsOfEveryEnd() {
        admission.open();
        admission.tryStartDirect(request(1));
        admission.close();
        assertThat(admission.tryStartDirect(request(2))).isFalse();
        assertThat(admission.finish()).as("draining: the actor checks whether it is idle").isTrue();
        assertThat(admission.ongoing()).isZero();
    }

    @Test
    void aLowerMaxOngoingRequestsHoldsNewCallsUntilEnoughEnd() {
        admission.open();
        admission.tryStartDirect(request(1));
        admission.tryStartDirect(request(2));
        admission.maxOngoing(1);
        admission.finish();
        assertThat(admission.tryStartDirect(request(3))).isFalse();
        admission.finish();
        assertThat(admission.tryStartDirect(request(3))).isTrue();
    }
}
