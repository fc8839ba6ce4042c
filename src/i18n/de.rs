//! Deutsch (Sie-Form, wie bei Banken üblich).

use super::Msg;

pub(super) fn text(msg: Msg) -> &'static str {
    match msg {
        Msg::LoadingTitle => "Einen Moment bitte",
        Msg::LoadingBody => "Ihre Verifizierung wird geladen. Das dauert nur einen Augenblick.",
        Msg::WelcomeTitle => "Bestätigen Sie Ihre Identität",
        Msg::WelcomeIntro => "Sie werden gebeten, Ihre Identität zu bestätigen. Das erwartet Sie:",
        Msg::WelcomeStepsHeading => "Ihre Schritte",
        Msg::WelcomeSessionLabel => "Verifizierungsnummer",
        Msg::NoSessionTitle => "Sie benötigen einen Verifizierungslink",
        Msg::NoSessionBody => {
            "Diese Seite funktioniert nur mit einem Link des Dienstes, der Sie um die \
             Verifizierung Ihrer Identität gebeten hat."
        }
        Msg::NoSessionHint => {
            "Kehren Sie zur App oder Website dieses Dienstes zurück und folgen Sie dort dem Link, \
             oder öffnen Sie den Link, den Sie per SMS oder E-Mail erhalten haben."
        }
        Msg::UnreachableTitle => "Der Verifizierungsdienst ist nicht erreichbar",
        Msg::UnreachableBody => "Prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.",
        Msg::UnexpectedTitle => "Etwas ist schiefgelaufen",
        Msg::UnexpectedBody => {
            "Ihre Verifizierung konnte nicht geladen werden. Bitte versuchen Sie es erneut."
        }
        Msg::Retry => "Erneut versuchen",
        Msg::StatusLoading => "Ihre Verifizierung wird geladen",
        Msg::StatusReady => "Ihre Verifizierung kann beginnen",
        Msg::WelcomeStart => "Los geht’s",
        Msg::ConsentTitle => "Bevor es losgeht",
        Msg::ConsentAgreeHeading => "Mit „Ich stimme zu“ erklären Sie sich damit einverstanden, dass:",
        Msg::ConsentPointPhotos => {
            "Fotos Ihres Ausweisdokuments und Ihres Gesichts sowie die darauf enthaltenen Angaben \
             verwendet werden, um zu bestätigen, dass Sie die Person sind, für die Sie sich \
             ausgeben;"
        }
        Msg::ConsentPointData => {
            "diese Fotos und Angaben vom Verifizierungsdienst im Auftrag des Dienstes verarbeitet \
             werden, der Sie hierher geschickt hat, und nur mit diesem geteilt werden;"
        }
        Msg::ConsentPointKeep => {
            "sie nur so lange aufbewahrt werden, wie es das Gesetz und die Datenschutzerklärung \
             dieses Dienstes erlauben;"
        }
        Msg::ConsentPointRefuse => {
            "Sie ablehnen können: Dann wird nichts erfasst, und Sie kehren zu dem Dienst zurück, \
             der Sie hierher geschickt hat."
        }
        Msg::ConsentAccept => "Ich stimme zu",
        Msg::ConsentReject => "Ich stimme nicht zu",
        Msg::Sending => "Ihre Antwort wird gesendet …",
        Msg::ActionFailed => {
            "Ihre Antwort konnte nicht gesendet werden. Prüfen Sie Ihre Internetverbindung und \
             versuchen Sie es erneut."
        }
        Msg::CheckAgain => "Erneut prüfen",
        Msg::CompletedTitle => "Vielen Dank, wir haben alles, was wir brauchen",
        Msg::CompletedBody => "Wir prüfen Ihre Angaben. Das dauert meist nur einen Moment.",
        Msg::SuccessfulTitle => "Sie sind verifiziert",
        Msg::SuccessfulBody => "Vielen Dank. Ihre Identität wurde bestätigt.",
        Msg::RejectedTitle => "Ihre Identität konnte nicht bestätigt werden",
        Msg::RejectedBody => {
            "Das kann passieren, wenn ein Foto unscharf oder ein Dokument abgelaufen ist. Der \
             Dienst, der Sie hierher geschickt hat, sagt Ihnen, wie es weitergeht."
        }
        Msg::CancelTitle => "Verifizierung abgebrochen",
        Msg::CancelBody => {
            "Es wird nichts weiter erfasst. Sie können jederzeit über den Dienst, der Sie \
             hierher geschickt hat, neu beginnen."
        }
        Msg::CloseWindow => "Sie können dieses Fenster jetzt schließen.",
        Msg::UnsupportedTitle => "Dieser Schritt wird hier nicht unterstützt",
        Msg::UnsupportedBody => {
            "Der Verifizierungsdienst hat einen Schritt angefordert, den diese Version der App \
             nicht kennt. Prüfen Sie es gleich noch einmal oder öffnen Sie Ihren Link später \
             erneut: Ihr Fortschritt ist gespeichert."
        }
        Msg::ExpiredTitle => "Dieser Link ist abgelaufen",
        Msg::ExpiredBody => {
            "Zu Ihrer Sicherheit sind Verifizierungslinks nur begrenzt gültig. Nichts von dem, \
             was Sie bereits erledigt haben, geht verloren."
        }
        Msg::InvalidTitle => "Dieser Link ist ungültig",
        Msg::InvalidBody => {
            "Der Link ist vielleicht unvollständig oder wurde durch einen neueren ersetzt. \
             Nichts von dem, was Sie bereits erledigt haben, geht verloren."
        }
        Msg::LostTitle => "Ihre Verifizierung wurde nicht gefunden",
        Msg::LostBody => {
            "Dieser Tab enthält Ihre Verifizierung nicht mehr. Öffnen Sie den erhaltenen Link \
             erneut: Ihr Fortschritt ist gespeichert."
        }
        Msg::ConnectionProblem => {
            "Der Verifizierungsdienst ist gerade schwer erreichbar. Wir versuchen es weiter; \
             nichts von dem, was Sie erledigt haben, geht verloren."
        }
        Msg::CrashTitle => "Etwas ist schiefgelaufen",
        Msg::CrashBody => {
            "Auf dieser Seite ist ein Problem aufgetreten, das sie nicht selbst beheben kann. \
             Laden Sie sie neu, um fortzufahren: Was Sie bereits gesendet haben, bleibt erhalten."
        }
        Msg::CrashReload => "Seite neu laden",
        Msg::ExpiryWarning => {
            "Ihr Verifizierungslink läuft in weniger als 2 Minuten ab. Schließen Sie diesen Schritt \
             jetzt ab; läuft er ab, geht nichts verloren, was Sie gesendet haben, und der Dienst, \
             der Sie hierher geschickt hat, kann Ihnen einen neuen Link geben."
        }
        Msg::UnknownService => "den Dienst, der Sie hierher geschickt hat",
        Msg::DocumentFrontTitle => "Fotografieren Sie die Vorderseite Ihres Ausweises",
        Msg::DocumentBackTitle => "Jetzt die Rückseite Ihres Ausweises",
        Msg::DocumentHint => {
            "Richten Sie die Karte bei guter Beleuchtung im Rahmen aus. Das Foto wird \
             automatisch aufgenommen, sobald das Bild scharf ist."
        }
        Msg::StartingCamera => "Kamera wird gestartet …",
        Msg::GuidanceOk => "Bitte still halten …",
        Msg::GuidanceBlurry => "Halten Sie das Telefon ruhig: Das Bild ist unscharf",
        Msg::GuidanceDark => "Sorgen Sie für mehr Licht",
        Msg::GuidanceGlare => "Kippen Sie die Karte etwas, um Spiegelungen zu vermeiden",
        Msg::GuidanceTooFar => "Gehen Sie näher heran, bis die Karte den Rahmen ausfüllt",
        Msg::GuidanceCutOff => "Die ganze Karte muss in den Rahmen passen",
        Msg::GuidanceNoDocument => "Legen Sie Ihren Ausweis in den Rahmen",
        Msg::Shutter => "Foto aufnehmen",
        Msg::TakingPhoto => "Foto wird aufgenommen …",
        Msg::UploadInstead => "Stattdessen ein Foto hochladen",
        Msg::PreviewTitle => "Prüfen Sie Ihr Foto",
        Msg::PreviewHint => {
            "Achten Sie darauf, dass der gesamte Text scharf und lesbar ist und nichts spiegelt."
        }
        Msg::PreviewAlt => "Das Foto Ihres Dokuments, das Sie gleich senden",
        Msg::PagePreviewAlt => "Die erste Seite des Dokuments, das Sie gleich senden",
        Msg::PdfKind => "PDF",
        Msg::DocumentUploading => "Ihr Dokument wird gesendet …",
        Msg::DocumentUploadRetrying => {
            "Ihr Dokument ist nicht angekommen. Neuer Versuch …"
        }
        Msg::DocumentUploadFailedTitle => "Ihr Dokument wurde nicht gesendet",
        Msg::DocumentUploadFailedBody => {
            "Der Verifizierungsdienst war nicht erreichbar. Ihr Dokument bleibt erhalten: Prüfen \
             Sie Ihre Internetverbindung und versuchen Sie es erneut."
        }
        Msg::DocumentRefusedBody => {
            "Der Verifizierungsdienst konnte diese Datei nicht verwenden. Wählen Sie eine andere \
             Datei oder fotografieren Sie das Dokument."
        }
        Msg::DocumentUploaded => "Dokument gesendet",
        Msg::DocumentEmpty => {
            "Diese Datei ist leer. Wählen Sie sie erneut aus oder fotografieren Sie das Dokument."
        }
        Msg::DocumentTooLarge => {
            "Diese Datei ist größer als 10 MB. Senden Sie nur die wichtigen Seiten oder \
             fotografieren Sie das Dokument."
        }
        Msg::Retake => "Neu aufnehmen",
        Msg::UsePhoto => "Dieses Foto verwenden",
        Msg::Uploading => "Ihr Foto wird gesendet …",
        Msg::UploadRetrying => "Ihr Foto ist nicht angekommen. Neuer Versuch …",
        Msg::UploadFailedTitle => "Ihr Foto wurde nicht gesendet",
        Msg::UploadFailedBody => {
            "Der Verifizierungsdienst war nicht erreichbar. Ihr Foto bleibt erhalten: Prüfen Sie \
             Ihre Internetverbindung und versuchen Sie es erneut."
        }
        Msg::UploadRefusedBody => {
            "Dieses Foto kann nicht verwendet werden. Bitte nehmen Sie ein neues Foto auf oder \
             wählen Sie eine andere Datei."
        }
        Msg::Uploaded => "Foto gesendet",
        Msg::KeptPhoto => {
            "Ihr früheres Foto wurde aufbewahrt. Prüfen Sie es und verwenden Sie es oder nehmen Sie ein neues auf."
        }
        Msg::KeptFile => {
            "Die zuvor gewählte Datei wurde aufbewahrt. Senden Sie sie oder wählen Sie eine andere."
        }
        Msg::KeptSelfie => {
            "Ihr früheres Selfie wurde aufbewahrt. Senden Sie es oder nehmen Sie es neu auf."
        }
        Msg::KeptSelfieAlt => "Das erste Bild Ihres Selfies",
        Msg::SendKeptSelfie => "Mein Selfie senden",
        Msg::RetakeSelfie => "Neu aufnehmen",
        Msg::FileTooLarge => "Diese Datei ist größer als 10 MB. Wählen Sie ein kleineres Foto.",
        Msg::FileEmpty => "Diese Datei ist leer. Wählen Sie ein anderes Foto.",
        Msg::FileUnreadable => {
            "Dieser Browser kann die Datei nicht lesen. Wählen Sie ein JPEG- oder PNG-Foto oder \
             nehmen Sie ein Foto auf."
        }
        Msg::FileHeicUnreadable => {
            "Dieser Browser kann HEIC-Fotos nicht öffnen, das Format, in dem iPhones speichern. Nehmen Sie das Foto hier mit der Kamera auf oder wählen Sie eine JPEG- oder PNG-Kopie davon."
        }
        Msg::CameraDeniedTitle => "Der Kamerazugriff ist blockiert",
        Msg::CameraDeniedBody => {
            "Um Ihren Ausweis hier zu fotografieren, braucht diese Seite Ihre Kamera."
        }
        Msg::CameraDeniedHowTo => {
            "Tippen Sie auf das Kamera- oder Schloss-Symbol neben der Adresse, erlauben Sie die \
             Kamera für diese Website und versuchen Sie es erneut. Sie können auch ein Foto Ihres \
             Ausweises hochladen."
        }
        Msg::CameraNotFoundTitle => "Keine Kamera gefunden",
        Msg::CameraNotFoundBody => {
            "Dieses Gerät hat keine nutzbare Kamera. Laden Sie stattdessen ein Foto Ihres \
             Ausweises hoch oder öffnen Sie Ihren Link auf einem Smartphone."
        }
        Msg::CameraBusyTitle => "Die Kamera wird gerade verwendet",
        Msg::CameraBusyBody => {
            "Eine andere App oder ein anderer Tab verwendet die Kamera. Schließen Sie sie und \
             versuchen Sie es erneut, oder laden Sie stattdessen ein Foto hoch."
        }
        Msg::CameraUnsupportedTitle => "Dieser Browser kann die Kamera nicht verwenden",
        Msg::CameraUnsupportedBody => {
            "Öffnen Sie Ihren Verifizierungslink in einem aktuellen Browser wie Safari, Chrome \
             oder Firefox, oder laden Sie stattdessen ein Foto hoch."
        }
        Msg::PdfEncrypted => {
            "Dieses PDF ist mit einem Passwort geschützt und kann daher nicht geprüft werden. \
             Speichern Sie eine Kopie ohne Passwort (Drucken, dann Als PDF speichern) oder \
             fotografieren Sie das Dokument."
        }
        Msg::PdfTooManyPages => {
            "Dieses PDF hat mehr als 20 Seiten. Laden Sie nur die Seiten mit Ihrem Namen und \
             Ihrer Adresse hoch."
        }
        Msg::ImageTooSmall => {
            "Dieses Foto ist zu klein, um es zu lesen. Nehmen Sie es aus geringerem Abstand auf."
        }
        Msg::DocumentUnsupported => "Wählen Sie eine PDF-, JPEG- oder PNG-Datei.",
        Msg::DocumentDamaged => {
            "Diese Datei scheint beschädigt oder unvollständig zu sein. Laden Sie sie erneut \
             herunter oder fotografieren Sie das Dokument."
        }
        Msg::AddressTitle => "Laden Sie einen Adressnachweis hoch",
        Msg::AddressHint => {
            "Eine Strom- oder Wasserrechnung, ein Kontoauszug oder ein amtliches Schreiben der \
             letzten 3 Monate mit Ihrem Namen und Ihrer Adresse. PDF, JPEG oder PNG, bis 10 MB."
        }
        Msg::FundsTitle => "Laden Sie einen Herkunftsnachweis Ihrer Mittel hoch",
        Msg::FundsHint => {
            "Ein aktueller Kontoauszug, eine Gehaltsabrechnung oder ein ähnliches Dokument, das \
             zeigt, woher Ihre Mittel stammen. PDF, JPEG oder PNG, bis 10 MB."
        }
        Msg::ChooseFile => "Datei auswählen",
        Msg::DropHere => "oder hierher ziehen",
        Msg::TakePhotoOfIt => "Ein Foto davon aufnehmen",
        Msg::Replace => "Ersetzen",
        Msg::SendDocument => "Dieses Dokument senden",
        Msg::DocumentPreviewTitle => "Prüfen Sie Ihr Dokument",
        Msg::PhoneTitle => "Bestätigen Sie Ihre Telefonnummer",
        Msg::PhoneHint => "Wir senden Ihnen per SMS einen 6-stelligen Code.",
        Msg::Country => "Land",
        Msg::PhoneNumber => "Telefonnummer",
        Msg::SendCode => "Code senden",
        Msg::EmailTitle => "Bestätigen Sie Ihre E-Mail-Adresse",
        Msg::EmailHint => "Wir senden einen 6-stelligen Code an diese Adresse.",
        Msg::EmailAddress => "E-Mail-Adresse",
        Msg::CodeLabel => "6-stelliger Code",
        Msg::CodeHint => "Geben Sie den gesendeten Code ein; er ist 10 Minuten gültig.",
        Msg::Verify => "Bestätigen",
        Msg::Resend => "Neuen Code senden",
        Msg::ChangePhone => "Nummer ändern",
        Msg::ChangeEmail => "Adresse ändern",
        Msg::CodeInvalid => "Dieser Code stimmt nicht. Prüfen Sie ihn und versuchen Sie es erneut.",
        Msg::CodeExpired => "Dieser Code ist abgelaufen. Fordern Sie einen neuen an.",
        Msg::TooManyAttempts => {
            "Zu viele falsche Codes. Fordern Sie einen neuen Code an, um es erneut zu versuchen."
        }
        Msg::RateLimited => {
            "Es wurden zu viele Codes gesendet. Bitte warten Sie, bevor Sie einen neuen anfordern."
        }
        Msg::LivenessTitle => "Machen Sie ein kurzes Selfie",
        Msg::LivenessIntro => {
            "Wir bitten Sie, in die Kamera zu schauen und den Kopf leicht zu drehen, um zu prüfen, \
             dass wirklich Sie es sind. Das dauert etwa zehn Sekunden. Nehmen Sie die \
             Sonnenbrille ab und sorgen Sie für gutes Licht."
        }
        Msg::LivenessStart => "Selfie starten",
        Msg::LivenessAssisted => "Ich kann kein Selfie machen: unterstützte Verifizierung anfragen",
        Msg::LivenessRefused => {
            "Diese Bilder konnten wir nicht verwenden. Bitte versuchen Sie es erneut, mit Blick in \
             die Kamera und bei gutem Licht."
        }
        Msg::LookStraight => "Schauen Sie direkt in die Kamera",
        Msg::TurnLeft => "Drehen Sie den Kopf langsam nach links",
        Msg::TurnRight => "Drehen Sie den Kopf langsam nach rechts",
        Msg::FacePlace => "Bringen Sie Ihr Gesicht in das Oval. Das Selfie startet von selbst.",
        Msg::FaceOk => "Genau so. Bitte still halten …",
        Msg::FaceNoFace => {
            "Wir sehen noch kein Gesicht. Schauen Sie auf den Bildschirm, mit dem Gesicht im Oval."
        }
        Msg::FaceMultiple => {
            "Wir sehen mehr als ein Gesicht. Nur Sie sollten im Bild sein."
        }
        Msg::FaceTooClose => "Zu nah. Halten Sie das Telefon etwas weiter weg.",
        Msg::FaceTooFar => "Zu weit weg. Halten Sie das Telefon etwas näher.",
        Msg::FaceOffCentre => "Bewegen Sie sich so, dass Ihr Gesicht in der Mitte des Ovals ist.",
        Msg::FaceDark => "Es ist zu dunkel. Sorgen Sie für mehr Licht oder wenden Sie sich einem Fenster zu.",
        Msg::LivenessAnyway => "Selfie trotzdem starten",
        Msg::ChallengeHold => "Genau so. Kurz halten …",
        Msg::ChallengeTurnMore => "Noch ein wenig weiter",
        Msg::ChallengeOtherWay => "In die andere Richtung",
        Msg::ChallengeBackToCentre => "Zurück zur Mitte: Schauen Sie direkt in die Kamera",
        Msg::ChallengeTimedOut => {
            "Wir konnten die Bewegung nicht rechtzeitig erkennen. Versuchen Sie es erneut, mit dem \
             Gesicht im Oval und bei gutem Licht, oder bitten Sie um eine begleitete Prüfung."
        },
        Msg::ChallengeTryAgain => "Erneut versuchen",
        Msg::LivenessAnywayHint => {
            "Die Hilfe erkennt nicht immer jedes Gesicht. Sie können trotzdem starten: Bei Bedarf \
             prüft ein Mensch die Bilder."
        }
        Msg::WaitBeforeResend => {
            "Gerade wurde ein Code gesendet. Warten Sie, bis der Countdown abgelaufen ist, bevor \
             Sie einen neuen anfordern."
        }
        Msg::PhoneInvalid => {
            "Das sieht nicht nach einer Telefonnummer aus. Prüfen Sie Land und Nummer."
        }
        Msg::EmailInvalid => "Das sieht nicht nach einer E-Mail-Adresse aus.",
        Msg::NfcTitle => "Der Chip Ihres Dokuments",
        Msg::NfcBody => {
            "In diesem Schritt wird der Chip in Ihrem Reisepass oder Ausweis gelesen. Ein \
             Webbrowser kann das nicht, nur eine Smartphone-App mit NFC. Nichts von dem, was Sie \
             bisher erledigt haben, geht verloren."
        }
        Msg::NfcWaysHeading => "Was Sie tun können",
        Msg::CameraInAppTitle => "Öffnen Sie diese Seite in Ihrem Browser",
        Msg::CameraInAppBody => {
            "Die App, in der Sie diesen Link geöffnet haben, erlaubt Webseiten keinen \
             Kamerazugriff. Öffnen Sie die Seite über das Menü der App (oft ⋯ oder ↗) in Safari \
             oder Chrome, oder laden Sie stattdessen ein Foto hoch."
        }
        Msg::CameraOnPhoneHint => {
            "Ohne Kamera am Computer öffnen Sie Ihren Verifizierungslink stattdessen auf Ihrem \
             Smartphone."
        }
        Msg::CameraFrameTitle => "Die Kamera ist hier nicht verfügbar",
        Msg::CameraFrameBody => {
            "Die Seite, in der dies läuft, erlaubt ihm die Kamera nicht. Laden Sie stattdessen ein \
             Foto hoch oder nutzen Sie Ihr Smartphone."
        }
        Msg::CameraFramePhone => {
            "Um die Kamera Ihres Smartphones zu nutzen, öffnen Sie Ihren Verifizierungslink im \
             Browser Ihres Smartphones."
        }
        Msg::HandoffTitle => "Weiter auf Ihrem Smartphone",
        Msg::HandoffIntro => {
            "Für diesen Schritt wird eine Smartphone-Kamera benötigt. Nutzen Sie dafür Ihr \
             Smartphone; diese Seite folgt Ihnen und schließt mit Ihnen ab."
        }
        Msg::HandoffStepCamera => "Öffnen Sie die Kamera Ihres Smartphones.",
        Msg::HandoffStepScan => "Richten Sie sie auf diesen QR-Code und öffnen Sie den angezeigten Link.",
        Msg::HandoffStepFollow => {
            "Folgen Sie den Schritten auf Ihrem Smartphone. Lassen Sie diese Seite geöffnet: Sie \
             aktualisiert sich von selbst."
        }
        Msg::HandoffQrLabel => "QR-Code mit dem Link für Ihr Smartphone",
        Msg::HandoffLinkLabel => "Oder senden Sie sich diesen Link",
        Msg::HandoffCopy => "Link kopieren",
        Msg::HandoffCopied => "Link kopiert",
        Msg::HandoffCopyFailed => {
            "Kopieren nicht möglich: Markieren Sie den Link und kopieren Sie ihn selbst."
        }
        Msg::HandoffPreparing => "Ihr QR-Code wird vorbereitet …",
        Msg::HandoffExpired => "Dieser QR-Code ist nach 10 Minuten abgelaufen.",
        Msg::HandoffFailed => "Der QR-Code konnte nicht vorbereitet werden.",
        Msg::HandoffNewCode => "Neuen QR-Code anzeigen",
        Msg::HandoffWaiting => "Warten auf Ihr Smartphone …",
        Msg::HandoffPhoneConnected => "Smartphone verbunden",
        Msg::HandoffPhoneConnectedBody => "Machen Sie auf Ihrem Smartphone weiter. Diese Seite folgt Ihnen.",
        Msg::HandoffPhoneQuiet => "Ihr Smartphone meldet sich nicht mehr",
        Msg::HandoffPhoneQuietBody => {
            "Falls die Seite auf Ihrem Smartphone geschlossen wurde, scannen Sie einen neuen \
             QR-Code, um dort weiterzumachen, wo Sie aufgehört haben."
        }
        Msg::HandoffHere => "Stattdessen an diesem Computer fortfahren",
        Msg::HandoffHereHint => {
            "Dieser Computer hat eine Kamera: Sie können sie statt eines Smartphones verwenden."
        }
        Msg::HandoffPhoneNote => {
            "Machen Sie hier auf Ihrem Smartphone weiter. Ihr Computer aktualisiert sich von selbst."
        }
        Msg::HandoffUsedTitle => "Dieser Link wurde bereits verwendet",
        Msg::HandoffExpiredTitle => "Dieser Link ist abgelaufen",
        Msg::HandoffReplacedTitle => "Dieser Link wurde ersetzt",
        Msg::HandoffRefusedBody => {
            "Lassen Sie sich auf Ihrem Computer einen neuen QR-Code anzeigen und scannen Sie ihn \
             mit diesem Smartphone."
        }
        Msg::CaptureRefusedTitle => "Dieser Link kann hier nicht geöffnet werden",
        Msg::CaptureRefusedBody => {
            "Er führt nicht zu diesem Verifizierungsdienst. Kehren Sie zu dem Dienst zurück, der \
             Sie hierher geschickt hat, und fordern Sie einen neuen Link an."
        }
        Msg::PageTitle => "Identitätsprüfung",
        Msg::Language => "Sprache",
        Msg::LogoAlt => "Logo von {service}",
        Msg::StepProgress => "Schritt {step} von {count}",
        Msg::CodeSentTo => "Code gesendet an {masked}",
        Msg::ResendIn => "Sie können in {seconds} s einen neuen Code anfordern",
        Msg::SizeKb => "{size} KB",
        Msg::SizeMb => "{size} MB",
        Msg::FileSummary => "{name}, {size}",
        Msg::FileSummaryPages => "{name}, {size}, {pages}",
        Msg::PageOne => "1 Seite",
        Msg::PageMany => "{count} Seiten",
        Msg::PdfCardLabel => "PDF, {pages}",
        Msg::UploadPercent => "{percent} %",
        Msg::NfcWaiting => {
            "Lassen Sie diese Seite geöffnet. Falls {service} Ihre Identität ohne den Chip prüfen \
             kann, geht es hier von selbst weiter."
        }
        Msg::NfcApp => {
            "Falls {service} eine App hat, öffnen Sie sie auf einem Smartphone mit NFC und setzen \
             Sie Ihre Verifizierung dort fort."
        }
        Msg::ReturningTo => "Sie werden zu {service} zurückgeleitet …",
        Msg::ReturnNow => "Jetzt zu {service} zurückkehren",
        Msg::NewLinkFrom => {
            "Kehren Sie zu {service} zurück und fordern Sie einen neuen Verifizierungslink an."
        }
        Msg::WelcomeIntroService => {
            "{service} bittet Sie, Ihre Identität zu bestätigen. Das erwartet Sie:"
        }
        Msg::HandoffProgressNamed => "{progress} – {name}",
        Msg::StepConsent => "Der Verwendung Ihrer Daten zustimmen",
        Msg::StepDocument => "Ihr Ausweisdokument fotografieren",
        Msg::StepLiveness => "Ein Selfie machen",
        Msg::StepAddress => "Einen Adressnachweis hochladen",
        Msg::StepFunds => "Einen Herkunftsnachweis der Mittel hochladen",
        Msg::StepPhone => "Ihre Telefonnummer bestätigen",
        Msg::StepEmail => "Ihre E-Mail-Adresse bestätigen",
        Msg::StepNfc => "Den Chip Ihres Dokuments lesen",
    }
}
