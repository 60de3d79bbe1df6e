package org.releasegate.notification;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import com.icegreen.greenmail.base.GreenMailOperations;

/** The mails GreenMail received, once the mailer has sent everything handed to it. */
record Mailbox(GreenMailOperations smtp, Mailer mailer) {

    static final String FROM = "release-gate@example.test";
    static final String BASE_URL = "http://gate.example.test";

    static NotificationProperties enabled() {
        return new NotificationProperties(true, FROM, BASE_URL);
    }

    static JavaMailSenderImpl sender(int port) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        return sender;
    }

    List<Received> all() throws Exception {
        mailer.awaitIdle(Duration.ofSeconds(60));
        return Arrays.stream(smtp.getReceivedMessages()).map(Received::of).toList();
    }

    List<Received> to(String address) throws Exception {
        return all().stream().filter(mail -> mail.to().equals(address)).toList();
    }

    record Received(String from, String to, String subject, String body) {

        static Received of(MimeMessage message) {
            try {
                Address[] recipients = message.getAllRecipients();
                if (recipients.length != 1) {
                    throw new AssertionError("one recipient per mail, got " + Arrays.toString(recipients));
                }
                return new Received(message.getFrom()[0].toString(), recipients[0].toString(), message.getSubject(),
                        ((String) message.getContent()).replace("\r\n", "\n"));
            } catch (MessagingException | IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
