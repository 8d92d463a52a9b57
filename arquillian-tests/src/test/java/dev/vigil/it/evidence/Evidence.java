package dev.vigil.it.evidence;

/** An object only evidence.war creates: a heap dump that holds it was taken of the server running the war. */
public final class Evidence {

    private final int number;
    private final byte[] payload = new byte[1024];

    public Evidence(int number) {
        this.number = number;
    }

    public int number() {
        return number + payload.length;
    }
}
