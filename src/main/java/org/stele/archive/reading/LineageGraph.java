package org.stele.archive.reading;

import java.util.List;

/**
 * A model's lineage as a graph of models: its bases upstream, the models derived from it downstream, a few levels
 * each way. {@code nodes} hold the model itself first (depth 0).
 */
public record LineageGraph(List<Node> nodes, List<Edge> edges) {
    /**
     * A model: inside this archive ({@code key} is lower-case {@code namespace/name}, {@code label} that name as
     * written, {@code pid} its concept identifier) or outside ({@code external}, {@code label} the card's reference,
     * {@code url} when one is known). {@code depth} is negative upstream, 0 for the model itself, positive downstream.
     */
    public record Node(String key, String label, String pid, String url, boolean external, int depth) {
    }

    /** {@code from} (a node key) is a base of {@code to}; {@code relation} the card's {@code base_model_relation}, if any. */
    public record Edge(String from, String to, String relation) {
    }

    /** Whether the model has no known base and no derivative. */
    public boolean alone() {
        return nodes.size() <= 1;
    }
}
