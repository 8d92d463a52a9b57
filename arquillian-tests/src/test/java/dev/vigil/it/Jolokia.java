package dev.vigil.it;

import org.jboss.dmr.ModelNode;

/** Reads MBeans through the Jolokia JVM agent the configured server runs (JMX over HTTP, JSON answers). */
final class Jolokia {

    private Jolokia() {
    }

    /** GET /jolokia/read/MBEAN[/ATTRIBUTE]: the raw JSON. */
    static String readJson(String mbean, String attribute) {
        return Http.get(ServerAddress.JOLOKIA_URL + "/read/" + mbean + (attribute != null ? "/" + attribute : ""));
    }

    /**
     * The {@code value} of a read, parsed (jboss-dmr reads JSON: no JSON library needed).
     *
     * @throws AssertionError if Jolokia reports an error in its body (it answers HTTP 200 with "status": 404 etc.)
     */
    static ModelNode read(String mbean, String attribute) {
        String json = readJson(mbean, attribute);
        ModelNode answer = ModelNode.fromJSONString(json);
        if (answer.get("status").asInt() != 200) {
            throw new AssertionError("Jolokia could not read " + mbean + (attribute != null ? "/" + attribute : "") + ": " + json);
        }
        return answer.get("value");
    }

    /** POST /jolokia exec: runs an MBean operation and returns the answer's {@code value}, failing with Jolokia's error. */
    static ModelNode exec(String mbean, String operation, ModelNode arguments) {
        ModelNode request = execRequest(mbean, operation, arguments);
        String json = Http.postJson(ServerAddress.JOLOKIA_URL, request.toJSONString(true));
        ModelNode answer = ModelNode.fromJSONString(json);
        if (answer.get("status").asInt() != 200) {
            throw new AssertionError("Jolokia exec " + mbean + " " + operation + " failed: " + json);
        }
        return answer.get("value");
    }

    static ModelNode execRequest(String mbean, String operation, ModelNode arguments) {
        ModelNode request = new ModelNode();
        request.get("type").set("exec");
        request.get("mbean").set(mbean);
        request.get("operation").set(operation);
        request.get("arguments").set(arguments);
        return request;
    }

    /**
     * POSTs one request to an agent and returns its answer as it came, allowed ({@code status} 200) or refused by the
     * access policy ({@code status} 403 and an {@code error}).
     */
    static ModelNode answer(String url, ModelNode request) {
        return ModelNode.fromJSONString(Http.postJson(url, request.toJSONString(true)));
    }
}
