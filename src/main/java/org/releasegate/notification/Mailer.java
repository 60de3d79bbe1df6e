package org.releasegate.notification;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends mails one at a time on its own thread, so neither a slow nor an absent SMTP server holds up the engine or the
 * person whose action created a task. A mail that cannot be sent is logged and dropped: a notification is a
 * courtesy, the task itself is in Tasklist.
 */
class Mailer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);
    private static final String TIMEOUT_MS = "10000";

    private final JavaMailSender sender;
    private final String from;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread mailer = new Thread(runnable, "notification-mailer");
        mailer.setDaemon(true);
        return mailer;
    });

    /** @param sender null when no SMTP server is configured ({@code spring.mail.host}): mails are then dropped */
    Mailer(JavaMailSender sender, String from) {
        this.sender = sender;
        this.from = from;
        if (sender instanceof JavaMailSenderImpl configurable) {
            // JavaMail waits forever by default: one unresponsive server would stop every later mail.
            Properties properties = configurable.getJavaMailProperties();
            for (String protocol : List.of("smtp", "smtps")) {
                for (String timeout : List.of("connectiontimeout", "timeout", "writetimeout")) {
                    properties.putIfAbsent("mail." + protocol + "." + timeout, TIMEOUT_MS);
                }
            }
        }
    }

    /** Prepares the mails (recipient look-ups included) and sends them, later, on the mail thread. */
    void sendLater(Supplier<List<Mail>> mails) {
        try {
            thread.execute(() -> {
                List<Mail> prepared;
                try {
                    prepared = mails.get();
                } catch (RuntimeException e) {
                    LOG.warn("Notifications not sent: they could not be prepared", e);
                    return;
                }
                prepared.forEach(this::send);
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("Notifications not sent: the application is stopping");
        }
    }

    private void send(Mail mail) {
        if (sender == null) {
            LOG.debug("No mail server configured: '{}' to {} not sent", mail.subject(), mail.to());
            return;
        }
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            helper.setTo(mail.to());
            helper.setSubject(mail.subject());
            helper.setText(mail.body());
            sender.send(message);
            LOG.debug("Sent '{}' to {}", mail.subject(), mail.to());
        } catch (MessagingException | RuntimeException e) {
            LOG.warn("Could not send the notification '{}' to {}: {}", mail.subject(), mail.to(), e.toString());
        }
    }

    /** Waits until every mail handed over so far has been sent or dropped. */
    void awaitIdle(Duration timeout) throws Exception {
        thread.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(15, TimeUnit.SECONDS)) {
            LOG.warn("Notifications still queued at shutdown were not sent");
            thread.shutdownNow();
        }
    }
}
