package org.hindsight.postmortem.export;

import org.hindsight.postmortem.ExportOptions;
import org.hindsight.postmortem.PostmortemData;
import org.hindsight.postmortem.PostmortemLoader;
import org.hindsight.postmortem.PostmortemModel;
import org.hindsight.postmortem.templates.PostmortemTemplates;
import org.hindsight.user.HindsightUser;
import org.springframework.stereotype.Service;

/** The one Markdown source of a postmortem: the download, the preview and the PDF are all made from it. */
@Service
public class PostmortemExporter {

    private final PostmortemLoader source;
    private final PostmortemTemplates templates;

    PostmortemExporter(PostmortemLoader source, PostmortemTemplates templates) {
        this.source = source;
        this.templates = templates;
    }

    /** An incident's postmortem as Markdown, with what a download needs to name it. */
    public record Export(String key, String title, String markdown) {

        String filename(String extension) {
            return Filenames.of(key, title, extension);
        }
    }

    public Export export(HindsightUser viewer, String key, ExportOptions options) {
        PostmortemData data = source.load(viewer, key);
        String markdown = templates.render(options.template(), PostmortemModel.of(data, options));
        return new Export(data.incident().key(), data.incident().title(), markdown);
    }
}
