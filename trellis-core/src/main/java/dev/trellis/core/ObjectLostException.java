package dev.trellis.core;

/** Every copy of an object was lost (its node died or its spill file vanished) and it cannot be rebuilt. */
public class ObjectLostException extends TrellisException {
    private final String objectId;

    public ObjectLostException(String objectId, String message) {
        super(message);
        this.objectId = objectId;
    }

    /** The lost object's id. */
    public String objectId() {
        return objectId;
    }
}
