package org.stele.api.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stele.archive.reading.LineageGraph;

/**
 * A lineage graph laid out for an SVG drawn on the server: one column per level (bases to the left, derivatives to
 * the right), the model itself in the middle column. The template writes the SVG; no script is needed to read it.
 * The same graph as lists ({@code upstream}, {@code downstream}) sits beside it for screen readers and keyboards.
 */
public record LineageDrawing(int width, int height, String summary, List<Box> boxes, List<Line> lines, List<Item> upstream,
        List<Item> downstream) {
    static final int BOX_WIDTH = 220;
    static final int BOX_HEIGHT = 44;
    static final int COLUMN = 270;
    static final int ROW = 60;
    static final int MARGIN = 12;
    static final int LABEL_CHARS = 28;

    /** A model drawn as a box; {@code kind} is {@code self}, {@code archived} or {@code external} (also its CSS class). */
    public record Box(int x, int y, int width, int height, String label, String fullLabel, String kind, String kindText) {
        public int textX() {
            return x + 10;
        }

        public int labelY() {
            return y + 18;
        }

        public int kindY() {
            return y + 36;
        }
    }

    /** An arrow from a base to the model derived from it. */
    public record Line(int x1, int y1, int x2, int y2) {
    }

    /** A model in the list form: its link, whether it is outside the archive, and which models it is a base of (or derives from). */
    public record Item(String label, String href, boolean external, int level, String relation, List<String> related) {
    }

    static LineageDrawing of(LineageGraph graph) {
        int minDepth = graph.nodes().stream().mapToInt(LineageGraph.Node::depth).min().orElse(0);
        int maxDepth = graph.nodes().stream().mapToInt(LineageGraph.Node::depth).max().orElse(0);
        Map<Integer, Integer> rows = new HashMap<>();
        Map<String, Box> boxes = new HashMap<>();
        List<Box> ordered = new ArrayList<>();
        for (LineageGraph.Node node : graph.nodes()) {
            int row = rows.merge(node.depth(), 1, Integer::sum) - 1;
            String kind = node.depth() == 0 ? "self" : node.external() ? "external" : "archived";
            String kindText = node.depth() == 0 ? "this model" : node.external() ? "external (not in this archive)" : "in this archive";
            Box box = new Box(MARGIN + (node.depth() - minDepth) * COLUMN, MARGIN + row * ROW, BOX_WIDTH, BOX_HEIGHT,
                    shorten(node.label()), node.label(), kind, kindText);
            boxes.put(node.key(), box);
            ordered.add(box);
        }
        List<Line> lines = new ArrayList<>();
        for (LineageGraph.Edge edge : graph.edges()) {
            Box from = boxes.get(edge.from());
            Box to = boxes.get(edge.to());
            if (from != null && to != null) {
                lines.add(new Line(from.x() + from.width(), from.y() + from.height() / 2, to.x() - 2, to.y() + to.height() / 2));
            }
        }
        int maxRows = rows.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        int width = 2 * MARGIN + (maxDepth - minDepth) * COLUMN + BOX_WIDTH;
        int height = 2 * MARGIN + (maxRows - 1) * ROW + BOX_HEIGHT;
        List<Item> upstream = items(graph, true);
        List<Item> downstream = items(graph, false);
        String self = graph.nodes().get(0).label();
        String summary = self + ": " + upstream.size() + (upstream.size() == 1 ? " base model" : " base models") + " upstream ("
                + upstream.stream().filter(Item::external).count() + " outside this archive), " + downstream.size()
                + (downstream.size() == 1 ? " derived model" : " derived models") + " downstream.";
        return new LineageDrawing(width, height, summary, ordered, lines, upstream, downstream);
    }

    /** Upstream: each base with the models it is a base of; downstream: each derivative with the models it derives from. */
    private static List<Item> items(LineageGraph graph, boolean up) {
        Map<String, LineageGraph.Node> byKey = new HashMap<>();
        graph.nodes().forEach(n -> byKey.put(n.key(), n));
        List<Item> items = new ArrayList<>();
        for (LineageGraph.Node node : graph.nodes()) {
            if (up ? node.depth() >= 0 : node.depth() <= 0) {
                continue;
            }
            List<LineageGraph.Edge> edges = graph.edges().stream().filter(e -> (up ? e.from() : e.to()).equals(node.key())).toList();
            List<String> related = edges.stream().map(e -> byKey.get(up ? e.to() : e.from())).filter(n -> n != null)
                    .map(LineageGraph.Node::label).distinct().toList();
            String relation = edges.stream().map(LineageGraph.Edge::relation).filter(r -> r != null).findFirst().orElse(null);
            String href = node.external() ? node.url() : "/models/" + node.label();
            items.add(new Item(node.label(), href, node.external(), Math.abs(node.depth()), relation, related));
        }
        return items;
    }

    private static String shorten(String label) {
        return label.length() <= LABEL_CHARS ? label : label.substring(0, LABEL_CHARS - 1) + "…";
    }
}
