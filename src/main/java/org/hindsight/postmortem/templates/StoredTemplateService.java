package org.hindsight.postmortem.templates;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hindsight.system.Audited;
import org.hindsight.system.ChangeRefusedException;
import org.hindsight.system.EditConflictException;
import org.hindsight.system.RecordNotFoundException;
import org.hindsight.user.HindsightUser;
import org.hindsight.user.Role;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The team's postmortem templates: managers write them; a template is saved only when it compiles and
 * renders the sample postmortem, so an export never meets a broken one.
 */
@Service
@Transactional
class StoredTemplateService {

    private final StoredTemplateRepository templates;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    static final String AUDITED = "postmortem template";

    StoredTemplateService(StoredTemplateRepository templates, Clock clock, ApplicationEventPublisher events) {
        this.templates = templates;
        this.clock = clock;
        this.events = events;
    }

    /** A template in the list and the picker. */
    record Summary(Long id, String name, Instant updatedAt, String updatedBy) {
    }

    /** A template as its edit form shows it. */
    record Details(long id, String name, String body, long version) {
    }

    @Transactional(readOnly = true)
    List<Summary> summaries() {
        return templates.summaries();
    }

    @Transactional(readOnly = true)
    boolean exists(long id) {
        return templates.existsById(id);
    }

    @Transactional(readOnly = true)
    String body(long id) {
        return load(id).getBody();
    }

    @Transactional(readOnly = true)
    Details get(long id) {
        return details(load(id));
    }

    /** Saves a new template; a broken one is a {@link TemplateEngine.TemplateError}, a taken name is refused. */
    long create(HindsightUser by, String name, String body) {
        requireManager(by);
        check(name, body, null);
        long id = templates.saveAndFlush(new StoredTemplate(name.strip(), body, by.getUsername(), clock.instant()))
                .getId();
        events.publishEvent(Audited.created(AUDITED, String.valueOf(id), null, Map.of("name", name.strip(),
                "body", body)));
        return id;
    }

    /** Changes a template saved at {@code version}; someone else's newer save is an {@link EditConflictException}. */
    void update(HindsightUser by, long id, String name, String body, long version) {
        requireManager(by);
        StoredTemplate template = load(id);
        if (template.getVersion() != version) {
            throw new EditConflictException(details(template));
        }
        check(name, body, id);
        Map<String, Object> before = Map.of("name", template.getName(), "body", template.getBody());
        template.change(name.strip(), body, by.getUsername(), clock.instant());
        templates.flush();
        events.publishEvent(Audited.changed(AUDITED, String.valueOf(id), null, before,
                Map.of("name", name.strip(), "body", body)));
    }

    void delete(HindsightUser by, long id) {
        requireManager(by);
        StoredTemplate template = load(id);
        templates.delete(template);
        events.publishEvent(new Audited(AUDITED, String.valueOf(id), null, Audited.DELETED,
                List.of(new Audited.Change("name", template.getName(), null))));
    }

    /** Compiles and renders the template on the sample postmortem: its mistakes show with their line. */
    static String trial(String body) {
        return TemplateEngine.render(TemplateEngine.compile(body), SamplePostmortem.model());
    }

    private void check(String name, String body, Long id) {
        templates.findByNameIgnoreCase(name.strip()).filter(other -> !other.getId().equals(id)).ifPresent(other -> {
            throw new ChangeRefusedException("name", "postmortem.templates.name.taken");
        });
        trial(body);
    }

    private StoredTemplate load(long id) {
        return templates.findById(id).orElseThrow(() -> new RecordNotFoundException("Postmortem template", id));
    }

    private static Details details(StoredTemplate t) {
        return new Details(t.getId(), t.getName(), t.getBody(), t.getVersion());
    }

    private static void requireManager(HindsightUser by) {
        if (by.getAuthorities().stream().noneMatch(a -> a.getAuthority().equals(Role.MANAGER.authority()))) {
            throw new AccessDeniedException("Only managers change postmortem templates");
        }
    }
}
