package org.releasegate.report;

import java.nio.charset.StandardCharsets;

import org.releasegate.api.ApiProblem;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * A refusal of a page for a browser: the same problem as the API's ({@link org.releasegate.api}), its title and
 * detail shown as a page, with its status.
 */
final class RefusalPage {

    static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private RefusalPage() {
    }

    static ResponseEntity<String> of(ApiProblem refusal) {
        ProblemDetail problem = refusal.problem();
        String page = new Xhtml().raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"fr\">\n<head>\n")
                .raw("<meta charset=\"UTF-8\"/>\n").element("title", problem.getTitle()).raw("</head>\n<body>\n")
                .element("h1", problem.getTitle()).element("p", problem.getDetail()).raw("</body>\n</html>\n").toString();
        return ResponseEntity.status(problem.getStatus()).contentType(HTML).body(page);
    }
}
