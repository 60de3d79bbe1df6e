package org.releasegate.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** An evidence file downloads under the name it was uploaded with, and only to whoever may read it. */
class EvidenceDownloadNameTest {

    private final List<String> lookedUp = new ArrayList<>();
    private final EvidenceDownloadName filter = new EvidenceDownloadName((taskId, attachmentId) -> {
        lookedUp.add(taskId + "/" + attachmentId);
        return Optional.of("relevé « février ».pdf");
    });

    @Test
    void aDownloadFromTasklistCarriesTheFileName() throws Exception {
        MockHttpServletResponse response = download("/camunda/api/engine/engine/default/task/41/attachment/42/data",
                HttpServletResponse.SC_OK);

        ContentDisposition disposition = ContentDisposition.parse(response.getHeader(HttpHeaders.CONTENT_DISPOSITION));
        assertThat(disposition.isAttachment()).isTrue();
        assertThat(disposition.getFilename()).isEqualTo("relevé « février ».pdf");
        assertThat(lookedUp).containsExactly("41/42");
    }

    @Test
    void aDownloadFromTheRestApiCarriesTheFileNameToo() throws Exception {
        MockHttpServletResponse response = download("/engine-rest/task/41/attachment/42/data", HttpServletResponse.SC_OK);

        assertThat(ContentDisposition.parse(response.getHeader(HttpHeaders.CONTENT_DISPOSITION)).getFilename())
                .isEqualTo("relevé « février ».pdf");
    }

    @Test
    void aRefusedDownloadTellsNoName() throws Exception {
        for (int refused : new int[] {HttpServletResponse.SC_FORBIDDEN, HttpServletResponse.SC_NOT_FOUND}) {
            MockHttpServletResponse response = download("/engine-rest/task/41/attachment/42/data", refused);
            assertThat(response.getHeader(HttpHeaders.CONTENT_DISPOSITION)).as("status %s", refused).isNull();
        }
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void otherAddressesAreLeftAlone() throws Exception {
        MockHttpServletResponse response = download("/engine-rest/task/41/variables/evidence1/data", HttpServletResponse.SC_OK);

        assertThat(response.getHeader(HttpHeaders.CONTENT_DISPOSITION)).isNull();
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void aNameCannotBreakTheHeader() {
        String header = EvidenceDownloadName.contentDisposition("a\r\nSet-Cookie: x=1\".txt");

        assertThat(header).doesNotContain("\r", "\n");
        assertThat(ContentDisposition.parse(header).getFilename()).isEqualTo("a__Set-Cookie: x=1\".txt");
    }

    /** The API as Jersey answers: status, then the body. */
    private MockHttpServletResponse download(String uri, int status) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(jakarta.servlet.http.HttpServletRequest req, HttpServletResponse res)
                    throws java.io.IOException {
                res.setStatus(status);
                res.getOutputStream().write(status == HttpServletResponse.SC_OK ? new byte[] {1, 2} : "{}".getBytes());
            }
        }));
        return response;
    }
}
