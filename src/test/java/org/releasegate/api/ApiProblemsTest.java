package org.releasegate.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Every error of our controllers is one RFC 9457 problem, French, with {@code message} = {@code detail}. */
class ApiProblemsTest {

    private static final String SERVER_PATH = "/srv/release-gate/config/strategic-processes.yaml";

    @RestController
    static class Failing {

        @GetMapping("/forbidden")
        String forbidden() {
            throw new Forbidden("réservé aux membres des groupes de Release Gate");
        }

        @GetMapping("/bad-request")
        String badRequest() {
            throw new BadRequest("« count » doit être entre 1 et 50");
        }

        @GetMapping("/not-found")
        String notFound() {
            throw new NotFound("aucun processus stratégique « stocks » au catalogue");
        }

        @GetMapping("/conflict")
        String conflict() {
            throw new Conflict("Calendrier des changements : ligne 3 : « to » manquant");
        }

        @GetMapping("/unexpected")
        String unexpected() {
            throw new IllegalStateException("Cannot read the strategic-process catalogue " + SERVER_PATH
                    + ": ENGINE-03004 Exception while executing Database Operation");
        }

        @GetMapping("/count")
        String count(@RequestParam int count) {
            return "ok";
        }

        @PutMapping("/body")
        String body(@RequestBody Map<String, Object> body) {
            return "ok";
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Failing())
            .setControllerAdvice(new ApiProblems()).build();

    @Test
    void forbiddenIs403ProblemWithTheFrenchDetailAlsoAsMessage() throws Exception {
        mvc.perform(get("/forbidden").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(403))
                .andExpect(jsonPath("$.type").value("urn:releasegate:problem:forbidden"))
                .andExpect(jsonPath("$.title").value("Accès refusé"))
                .andExpect(jsonPath("$.detail").value("réservé aux membres des groupes de Release Gate"))
                .andExpect(jsonPath("$.message").value("réservé aux membres des groupes de Release Gate"));
    }

    @Test
    void eachRefusalHasItsStatusTypeAndTitle() throws Exception {
        expect("/bad-request", 400, "bad-request", "Requête invalide", "« count » doit être entre 1 et 50");
        expect("/not-found", 404, "not-found", "Introuvable", "aucun processus stratégique « stocks » au catalogue");
        expect("/conflict", 409, "conflict", "Conflit avec l'état du serveur",
                "Calendrier des changements : ligne 3 : « to » manquant");
    }

    @Test
    void unexpectedFailureIs500WithoutItsMessagePathCodeOrStackTrace() throws Exception {
        mvc.perform(get("/unexpected"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:releasegate:problem:internal-error"))
                .andExpect(jsonPath("$.title").value("Erreur interne"))
                .andExpect(jsonPath("$.detail").value(ApiProblems.INTERNAL_ERROR))
                .andExpect(jsonPath("$.message").value(ApiProblems.INTERNAL_ERROR))
                .andExpect(content().string(not(containsString("/srv/"))))
                .andExpect(content().string(not(containsString("strategic-processes.yaml"))))
                .andExpect(content().string(not(containsString("ENGINE-"))))
                .andExpect(content().string(not(containsString("IllegalStateException"))))
                .andExpect(content().string(not(containsString("at org."))));
    }

    /**
     * Refusals of Spring MVC once one of our controllers is chosen. Those before (no route, no method or media type
     * mapped at that address) are not a controller's: Spring Boot's usual error answer.
     */
    @Test
    void springRefusalsKeepTheirStatusAndSpeakFrench() throws Exception {
        expect("/count?count=beaucoup", 400, "bad-request", "Requête invalide", "paramètre « count » invalide");
        expect("/count", 400, "bad-request", "Requête invalide", "paramètre « count » manquant");
        mvc.perform(put("/body").contentType(MediaType.APPLICATION_JSON).content("{\"name\": "))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.message").value("requête illisible : vérifiez son corps (JSON) et ses paramètres"));
        mvc.perform(put("/body").contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Type de contenu non accepté"))
                .andExpect(jsonPath("$.message").value("type de contenu non accepté à cette adresse"));
    }

    private void expect(String path, int status, String type, String title, String detail) throws Exception {
        mvc.perform(get(path))
                .andExpect(status().is(status))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:releasegate:problem:" + type))
                .andExpect(jsonPath("$.title").value(title))
                .andExpect(jsonPath("$.detail").value(detail))
                .andExpect(jsonPath("$.message").value(detail));
    }
}
