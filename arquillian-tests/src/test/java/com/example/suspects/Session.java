package com.example.suspects;

/** What SessionCacheServlet keeps: a deployment class, with a buffer of its own (the byte[] that grows alongside). */
public final class Session {

    private final long id;
    private final byte[] attributes = new byte[512];

    public Session(long id) {
        this.id = id;
        attributes[0] = (byte) id;
    }

    long hash() {
        return id ^ attributes[0];
    }
}
