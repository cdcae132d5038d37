package dev.trellis.examples.classifier;

/** The ten classes of Fashion-MNIST, in the data set's label order (label 0 is T-shirt/top). */
public enum FashionClass {
    T_SHIRT_TOP("T-shirt/top"),
    TROUSER("Trouser"),
    PULLOVER("Pullover"),
    DRESS("Dress"),
    COAT("Coat"),
    SANDAL("Sandal"),
    SHIRT("Shirt"),
    SNEAKER("Sneaker"),
    BAG("Bag"),
    ANKLE_BOOT("Ankle boot");

    private final String label;

    FashionClass(String label) {
        this.label = label;
    }

    /** The class name as the data set writes it, e.g. "Ankle boot". */
    public String label() {
        return label;
    }
}
