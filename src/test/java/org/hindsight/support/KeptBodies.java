package org.hindsight.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** For the tests of a kept page body ({@code org.hindsight.system.PageBodies}). */
public final class KeptBodies {

    /** The placeholder a kept body is rendered with in place of the viewer's CSRF token: never on a page. */
    public static final String PLACEHOLDER = "csrf-[0-9a-f]{32}";

    private KeptBodies() {
    }

    /** How many bodies of {@code view} were served with this outcome ({@code kept}, {@code rendered}, …). */
    public static double count(MeterRegistry meters, String view, String outcome) {
        Counter counter = meters.find("hindsight.page.bodies").tag("view", view).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * How many {@code <body>} start tags the page's HTML holds (a parser would fold a second one into the first,
     * so it is counted in the text): a kept body selected by a name that is also an element's took the body
     * template's own {@code <body>} along, and everything else in it.
     */
    public static int bodyElements(String html) {
        return html.split("<body[\\s>]", -1).length - 1;
    }

    /** The page's main part without the CSRF tokens, which differ per request. */
    public static String withoutTokens(String html) {
        Document page = Jsoup.parse(html);
        page.select("input[name=_csrf]").remove();
        return page.select("main").outerHtml();
    }
}
