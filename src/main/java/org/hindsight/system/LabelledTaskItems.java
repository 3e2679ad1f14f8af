package org.hindsight.system;

import java.util.Set;

import com.vladsch.flexmark.ext.gfm.tasklist.TaskListItem;
import com.vladsch.flexmark.html.HtmlWriter;
import com.vladsch.flexmark.html.renderer.AttributablePart;
import com.vladsch.flexmark.html.renderer.CoreNodeRenderer;
import com.vladsch.flexmark.html.renderer.NodeRenderer;
import com.vladsch.flexmark.html.renderer.NodeRendererContext;
import com.vladsch.flexmark.html.renderer.NodeRenderingHandler;
import com.vladsch.flexmark.parser.ListOptions;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.ast.TextCollectingVisitor;
import com.vladsch.flexmark.util.data.DataHolder;

/**
 * GFM task items ({@code - [x] done}) as the task-list extension renders them (an {@code li.task-list-item} opening
 * with a disabled checkbox), except that each checkbox is named after its item: {@code aria-label} holds the item's
 * text (its first paragraph as plain text, at most {@link #MAX_LABEL} characters), so that a screen reader says what
 * is ticked and a checkbox never goes without a label. The label is escaped here for an attribute value in double
 * quotes: nothing the user wrote can leave it.
 */
final class LabelledTaskItems implements NodeRenderer {

    static final int MAX_LABEL = 200;

    private static final AttributablePart TASK_ITEM_PARAGRAPH = new AttributablePart("TASK_ITEM_PARAGRAPH");
    private static final String ITEM_CLASS = "task-list-item";

    private final ListOptions listOptions;
    private final String unnamed;

    private LabelledTaskItems(DataHolder options, String unnamed) {
        this.listOptions = ListOptions.get(options);
        this.unnamed = unnamed;
    }

    @Override
    public Set<NodeRenderingHandler<?>> getNodeRenderingHandlers() {
        return Set.of(new NodeRenderingHandler<>(TaskListItem.class, this::render));
    }

    private void render(TaskListItem item, NodeRendererContext context, HtmlWriter html) {
        String checkbox = checkbox(item.isItemDoneMarker(), label(item));
        html.attr("class", ITEM_CLASS);
        if (listOptions.isTightListItem(item)) {
            html.withAttr(CoreNodeRenderer.TIGHT_LIST_ITEM).withCondIndent().tagLine("li", () -> {
                html.raw(checkbox);
                context.renderChildren(item);
            });
        } else {
            html.withAttr(CoreNodeRenderer.LOOSE_LIST_ITEM).tagIndent("li", () ->
                    html.withAttr(TASK_ITEM_PARAGRAPH).tagLine("p", () -> {
                        html.raw(checkbox);
                        context.renderChildren(item);
                    }));
        }
    }

    private String checkbox(boolean done, String label) {
        return "<input type=\"checkbox\" class=\"task-list-item-checkbox\"" + (done ? " checked=\"checked\"" : "")
                + " disabled=\"disabled\" readonly=\"readonly\" aria-label=\"" + attribute(label) + "\" />&nbsp;";
    }

    /** The item's text: its first paragraph (not the lists or blocks under it), whitespace collapsed. */
    private String label(TaskListItem item) {
        Node first = item.getFirstChild();
        String text = first == null ? "" : new TextCollectingVisitor().collectAndGetText(first);
        text = text.replaceAll("\\s+", " ").strip();
        if (text.codePointCount(0, text.length()) > MAX_LABEL) {
            text = text.substring(0, text.offsetByCodePoints(0, MAX_LABEL - 1)).stripTrailing() + "\u2026";
        }
        return text.isEmpty() ? unnamed : text;
    }

    /** Text for an attribute value in double quotes. */
    static String attribute(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Makes the renderer; {@code unnamed} labels an item without text. */
    static com.vladsch.flexmark.html.renderer.NodeRendererFactory factory(String unnamed) {
        return options -> new LabelledTaskItems(options, unnamed);
    }
}
