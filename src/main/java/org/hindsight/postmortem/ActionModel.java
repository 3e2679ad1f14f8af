package org.hindsight.postmortem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionViews.ActionItemView;

/** The action items of the template view: {@code improvements}, {@code tasks} and all of them as {@code actions}. */
final class ActionModel {

    private ActionModel() {
    }

    static void addTo(Map<String, Object> model, List<ActionItemView> items) {
        List<Map<String, Object>> all = new ArrayList<>();
        List<Map<String, Object>> improvements = new ArrayList<>();
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (ActionItemView item : items) {
            Map<String, Object> a = of(item);
            all.add(a);
            (item.category() == ActionCategory.TASK ? tasks : improvements).add(a);
        }
        model.put("actions", all);
        model.put("hasActions", !all.isEmpty());
        model.put("improvements", improvements);
        model.put("hasImprovements", !improvements.isEmpty());
        model.put("tasks", tasks);
        model.put("hasTasks", !tasks.isEmpty());
    }

    private static Map<String, Object> of(ActionItemView item) {
        boolean done = item.status() == ActionStatus.DONE;
        String owner = item.owner() == null ? "" : MarkdownText.escape(item.owner());
        String due = item.dueDate() == null ? "" : item.dueDate().toString();
        String type = PostmortemModel.words(item.type().name());
        String priority = PostmortemModel.words(item.priority().name());
        String reason = MarkdownText.escape(item.wontDoReason());
        List<String> meta = new ArrayList<>();
        if (!owner.isEmpty()) {
            meta.add("owner @" + owner);
        }
        if (!due.isEmpty()) {
            meta.add("due " + due);
        }
        meta.add(type);
        meta.add(priority + " priority");
        if (item.status() == ActionStatus.IN_PROGRESS) {
            meta.add("in progress");
        } else if (item.status() == ActionStatus.WONT_DO) {
            meta.add(reason.isEmpty() ? "won't do" : "won't do: " + reason);
        }
        String title = MarkdownText.escape(item.title());
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("title", title);
        a.put("done", done);
        a.put("checkbox", done ? "x" : " ");
        a.put("owner", owner);
        a.put("ownerMention", owner.isEmpty() ? "unassigned" : "@" + owner);
        a.put("dueOrNone", due.isEmpty() ? "none" : due);
        a.put("due", due);
        a.put("type", type);
        a.put("priority", priority);
        a.put("status", PostmortemModel.words(item.status().name()).replace("wont do", "won't do"));
        a.put("wontDoReason", reason);
        a.put("category", item.category() == ActionCategory.TASK ? "task" : "improvement");
        a.put("meta", String.join(", ", meta));
        a.put("item", title + " *(" + String.join(", ", meta) + ")*");
        return a;
    }
}
