//! Français (vouvoiement ; espaces insécables avant « ; : ? ! % » et à l'intérieur des guillemets).

use super::Msg;

pub(super) fn text(msg: Msg) -> &'static str {
    match msg {
        Msg::LoadingTitle => "Préparation en cours",
        Msg::LoadingBody => "Nous chargeons votre vérification. Cela ne prend qu’un instant.",
        Msg::WelcomeTitle => "Vérifions votre identité",
        Msg::WelcomeIntro => {
            "Il vous est demandé de confirmer votre identité. Voici comment cela se passe."
        }
        Msg::WelcomeStepsHeading => "Ce que vous allez faire",
        Msg::WelcomeSessionLabel => "Numéro de vérification",
        Msg::NoSessionTitle => "Il vous faut un lien de vérification",
        Msg::NoSessionBody => {
            "Cette page fonctionne avec un lien fourni par le service qui vous a demandé de \
             vérifier votre identité."
        }
        Msg::NoSessionHint => {
            "Retournez sur l’application ou le site de ce service et suivez son lien pour \
             commencer, ou ouvrez le lien qu’il vous a envoyé par SMS ou par e-mail."
        }
        Msg::UnreachableTitle => "Le service de vérification est injoignable",
        Msg::UnreachableBody => "Vérifiez votre connexion à Internet, puis réessayez.",
        Msg::UnexpectedTitle => "Un problème est survenu",
        Msg::UnexpectedBody => "Nous n’avons pas pu charger votre vérification. Veuillez réessayer.",
        Msg::Retry => "Réessayer",
        Msg::StatusLoading => "Chargement de votre vérification",
        Msg::StatusReady => "Votre vérification peut commencer",
        Msg::WelcomeStart => "Commencer",
        Msg::ConsentTitle => "Avant de commencer",
        Msg::ConsentAgreeHeading => "En choisissant « J’accepte », vous acceptez que :",
        Msg::ConsentPointPhotos => {
            "des photos de votre pièce d’identité et de votre visage, ainsi que les informations \
             qu’elles contiennent, soient utilisées pour confirmer que vous êtes bien la personne \
             que vous dites être ;"
        }
        Msg::ConsentPointData => {
            "ces photos et informations soient traitées par le service de vérification pour le \
             compte du service qui vous a envoyé ici, et partagées uniquement avec lui ;"
        }
        Msg::ConsentPointKeep => {
            "elles ne soient conservées que le temps permis par la loi et par la politique de \
             confidentialité de ce service ;"
        }
        Msg::ConsentPointRefuse => {
            "vous pouvez refuser : rien n’est alors collecté, et vous retournez au service qui \
             vous a envoyé ici."
        }
        Msg::ConsentAccept => "J’accepte",
        Msg::ConsentReject => "Je n’accepte pas",
        Msg::Sending => "Envoi de votre réponse…",
        Msg::ActionFailed => {
            "Nous n’avons pas pu envoyer votre réponse. Vérifiez votre connexion à Internet, puis \
             réessayez."
        }
        Msg::CheckAgain => "Vérifier à nouveau",
        Msg::CompletedTitle => "Merci, nous avons tout ce qu’il nous faut",
        Msg::CompletedBody => "Nous vérifions vos informations. Cela ne prend généralement qu’un instant.",
        Msg::SuccessfulTitle => "Votre identité est vérifiée",
        Msg::SuccessfulBody => "Merci. Votre identité a été confirmée.",
        Msg::RejectedTitle => "Nous n’avons pas pu vérifier votre identité",
        Msg::RejectedBody => {
            "Cela peut arriver lorsqu’une photo est floue ou qu’un document a expiré. Le service \
             qui vous a envoyé ici vous indiquera la marche à suivre."
        }
        Msg::CancelTitle => "Vérification annulée",
        Msg::CancelBody => {
            "Plus rien ne sera collecté. Vous pourrez recommencer depuis le service qui vous a \
             envoyé ici quand vous le souhaiterez."
        }
        Msg::CloseWindow => "Vous pouvez maintenant fermer cette fenêtre.",
        Msg::UnsupportedTitle => "Cette étape n’est pas prise en charge ici",
        Msg::UnsupportedBody => {
            "Le service de vérification a demandé une étape que cette version de l’application ne \
             connaît pas. Vérifiez à nouveau dans un instant ou revenez plus tard à votre lien : \
             votre progression est enregistrée."
        }
        Msg::ExpiredTitle => "Ce lien a expiré",
        Msg::ExpiredBody => {
            "Pour votre sécurité, les liens de vérification ont une durée limitée. Rien de ce que \
             vous avez déjà fait n’est perdu."
        }
        Msg::InvalidTitle => "Ce lien n’est pas valide",
        Msg::InvalidBody => {
            "Le lien est peut-être incomplet ou a été remplacé par un plus récent. Rien de ce que \
             vous avez déjà fait n’est perdu."
        }
        Msg::LostTitle => "Nous avons perdu la trace de votre vérification",
        Msg::LostBody => {
            "Cet onglet ne contient plus votre vérification. Ouvrez à nouveau le lien que vous avez \
             reçu : votre progression est enregistrée."
        }
        Msg::ConnectionProblem => {
            "Nous avons du mal à joindre le service de vérification. Nous réessayons ; rien de ce \
             que vous avez fait n’est perdu."
        }
        Msg::CrashTitle => "Un problème est survenu",
        Msg::CrashBody => {
            "Cette page a rencontré un problème dont elle ne peut pas se remettre. Rechargez-la \
             pour continuer : ce que vous avez déjà envoyé est conservé."
        }
        Msg::CrashReload => "Recharger la page",
        Msg::ExpiryWarning => {
            "Votre lien de vérification expire dans moins de 2 minutes. Terminez cette étape \
             maintenant ; s’il expire, rien de ce que vous avez envoyé n’est perdu, et le \
             service qui vous a envoyé ici pourra vous donner un nouveau lien."
        }
        Msg::UnknownService => "le service qui vous a envoyé ici",
        Msg::DocumentFrontTitle => "Photographiez le recto de votre pièce d’identité",
        Msg::DocumentBackTitle => "Maintenant le verso de votre pièce d’identité",
        Msg::DocumentHint => {
            "Placez la carte dans le cadre, sous un bon éclairage. La photo est prise \
             automatiquement dès que l’image est nette."
        }
        Msg::StartingCamera => "Démarrage de la caméra…",
        Msg::GuidanceOk => "Ne bougez plus…",
        Msg::GuidanceBlurry => "Tenez le téléphone immobile : l’image est floue",
        Msg::GuidanceDark => "Trouvez plus de lumière",
        Msg::GuidanceGlare => "Inclinez légèrement la carte pour éviter les reflets",
        Msg::GuidanceTooFar => "Rapprochez-vous pour que la carte remplisse le cadre",
        Msg::GuidanceCutOff => "Placez toute la carte dans le cadre",
        Msg::GuidanceNoDocument => "Placez votre carte d’identité dans le cadre",
        Msg::Shutter => "Prendre la photo",
        Msg::TakingPhoto => "Prise de la photo…",
        Msg::UploadInstead => "Importer une photo à la place",
        Msg::PreviewTitle => "Vérifiez votre photo",
        Msg::PreviewHint => "Assurez-vous que tout le texte est net et lisible, sans reflet.",
        Msg::PreviewAlt => "La photo de votre document que vous allez envoyer",
        Msg::PagePreviewAlt => "La première page du document que vous allez envoyer",
        Msg::PdfKind => "PDF",
        Msg::DocumentUploading => "Envoi de votre document…",
        Msg::DocumentUploadRetrying => "Votre document n’est pas passé. Nouvelle tentative…",
        Msg::DocumentUploadFailedTitle => "Votre document n’a pas été envoyé",
        Msg::DocumentUploadFailedBody => {
            "Le service de vérification est injoignable. Votre document est conservé : vérifiez \
             votre connexion à Internet et réessayez."
        }
        Msg::DocumentRefusedBody => {
            "Le service de vérification n’a pas pu utiliser ce fichier. Choisissez un autre \
             fichier ou prenez le document en photo."
        }
        Msg::DocumentUploaded => "Document envoyé",
        Msg::DocumentEmpty => {
            "Ce fichier est vide. Choisissez-le à nouveau ou prenez le document en photo."
        }
        Msg::DocumentTooLarge => {
            "Ce fichier dépasse 10 Mo. N’envoyez que les pages utiles ou prenez le document en \
             photo."
        }
        Msg::Retake => "Reprendre",
        Msg::UsePhoto => "Utiliser cette photo",
        Msg::Uploading => "Envoi de votre photo…",
        Msg::UploadRetrying => "Votre photo n’est pas passée. Nouvelle tentative…",
        Msg::UploadFailedTitle => "Votre photo n’a pas été envoyée",
        Msg::UploadFailedBody => {
            "Le service de vérification est injoignable. Votre photo est conservée : vérifiez \
             votre connexion à Internet et réessayez."
        }
        Msg::UploadRefusedBody => {
            "Cette photo ne peut pas être utilisée. Veuillez prendre une nouvelle photo ou \
             choisir un autre fichier."
        }
        Msg::Uploaded => "Photo envoyée",
        Msg::KeptPhoto => {
            "Votre photo précédente a été conservée. Vérifiez-la, puis utilisez-la ou prenez-en une nouvelle."
        }
        Msg::KeptFile => {
            "Le fichier choisi précédemment a été conservé. Envoyez-le ou choisissez-en un autre."
        }
        Msg::KeptSelfie => "Votre selfie précédent a été conservé. Envoyez-le ou reprenez-le.",
        Msg::KeptSelfieAlt => "La première image de votre selfie",
        Msg::SendKeptSelfie => "Envoyer mon selfie",
        Msg::RetakeSelfie => "Le reprendre",
        Msg::FileTooLarge => "Ce fichier dépasse 10 Mo. Choisissez une photo plus légère.",
        Msg::FileEmpty => "Ce fichier est vide. Choisissez une autre photo.",
        Msg::FileUnreadable => {
            "Ce navigateur ne peut pas lire ce fichier. Choisissez une photo JPEG ou PNG, ou \
             prenez une photo."
        }
        Msg::FileHeicUnreadable => {
            "Ce navigateur ne peut pas ouvrir les photos HEIC, le format des iPhone. Prenez la photo ici avec l'appareil photo, ou choisissez-en une copie JPEG ou PNG."
        }
        Msg::CameraDeniedTitle => "L’accès à la caméra est bloqué",
        Msg::CameraDeniedBody => {
            "Pour photographier votre pièce d’identité ici, cette page a besoin de votre caméra."
        }
        Msg::CameraDeniedHowTo => {
            "Touchez l’icône de caméra ou de cadenas à côté de l’adresse, autorisez la caméra pour \
             ce site, puis réessayez. Vous pouvez aussi importer une photo de votre pièce \
             d’identité."
        }
        Msg::CameraNotFoundTitle => "Aucune caméra trouvée",
        Msg::CameraNotFoundBody => {
            "Cet appareil n’a pas de caméra utilisable. Importez plutôt une photo de votre pièce \
             d’identité, ou ouvrez votre lien sur un téléphone."
        }
        Msg::CameraBusyTitle => "La caméra est déjà utilisée",
        Msg::CameraBusyBody => {
            "Une autre application ou un autre onglet utilise la caméra. Fermez-le, puis \
             réessayez, ou importez une photo à la place."
        }
        Msg::CameraUnsupportedTitle => "Ce navigateur ne peut pas utiliser la caméra",
        Msg::CameraUnsupportedBody => {
            "Ouvrez votre lien de vérification dans un navigateur à jour comme Safari, Chrome ou \
             Firefox, ou importez une photo à la place."
        }
        Msg::PdfEncrypted => {
            "Ce PDF est protégé par un mot de passe et ne peut donc pas être vérifié. Enregistrez \
             une copie sans mot de passe (Imprimer, puis Enregistrer au format PDF) ou prenez le \
             document en photo."
        }
        Msg::PdfTooManyPages => {
            "Ce PDF compte plus de 20 pages. N’importez que les pages indiquant votre nom et \
             votre adresse."
        }
        Msg::ImageTooSmall => "Cette photo est trop petite pour être lue. Prenez une photo de plus près.",
        Msg::DocumentUnsupported => "Choisissez un fichier PDF, JPEG ou PNG.",
        Msg::DocumentDamaged => {
            "Ce fichier semble endommagé ou incomplet. Téléchargez-le à nouveau ou prenez-le en \
             photo."
        }
        Msg::AddressTitle => "Importez un justificatif de domicile",
        Msg::AddressHint => {
            "Une facture, un relevé bancaire ou un courrier officiel de moins de 3 mois indiquant \
             votre nom et votre adresse. PDF, JPEG ou PNG, jusqu’à 10 Mo."
        }
        Msg::FundsTitle => "Importez un justificatif de l’origine des fonds",
        Msg::FundsHint => {
            "Un relevé bancaire récent, une fiche de paie ou un document similaire montrant \
             l’origine de vos fonds. PDF, JPEG ou PNG, jusqu’à 10 Mo."
        }
        Msg::ChooseFile => "Choisir un fichier",
        Msg::DropHere => "ou déposez-le ici",
        Msg::TakePhotoOfIt => "Le prendre en photo",
        Msg::Replace => "Remplacer",
        Msg::SendDocument => "Envoyer ce document",
        Msg::DocumentPreviewTitle => "Vérifiez votre document",
        Msg::PhoneTitle => "Confirmez votre numéro de téléphone",
        Msg::PhoneHint => "Nous allons vous envoyer un code à 6 chiffres par SMS.",
        Msg::Country => "Pays",
        Msg::PhoneNumber => "Numéro de téléphone",
        Msg::SendCode => "Envoyer le code",
        Msg::EmailTitle => "Confirmez votre adresse e-mail",
        Msg::EmailHint => "Nous allons envoyer un code à 6 chiffres à cette adresse.",
        Msg::EmailAddress => "Adresse e-mail",
        Msg::CodeLabel => "Code à 6 chiffres",
        Msg::CodeHint => "Saisissez le code reçu ; il est valable 10 minutes.",
        Msg::Verify => "Confirmer",
        Msg::Resend => "Recevoir un nouveau code",
        Msg::ChangePhone => "Changer de numéro",
        Msg::ChangeEmail => "Changer d’adresse",
        Msg::CodeInvalid => "Ce code n’est pas le bon. Vérifiez-le et réessayez.",
        Msg::CodeExpired => "Ce code a expiré. Demandez-en un nouveau.",
        Msg::TooManyAttempts => {
            "Trop de codes erronés. Demandez un nouveau code pour réessayer."
        }
        Msg::RateLimited => {
            "Trop de codes ont été envoyés. Veuillez patienter avant d’en redemander un."
        }
        Msg::LivenessTitle => "Prenez un court selfie",
        Msg::LivenessIntro => {
            "Nous allons vous demander de regarder la caméra et de tourner légèrement la tête, \
             pour vérifier que c’est bien vous. Cela prend une dizaine de secondes. Retirez vos \
             lunettes de soleil et placez-vous à la lumière."
        }
        Msg::LivenessStart => "Commencer le selfie",
        Msg::LivenessAssisted => {
            "Je ne peux pas prendre de selfie : demander une vérification assistée"
        }
        Msg::LivenessRefused => {
            "Nous n’avons pas pu utiliser ces images. Veuillez réessayer, face à la caméra et \
             avec un bon éclairage."
        }
        Msg::LookStraight => "Regardez droit vers la caméra",
        Msg::TurnLeft => "Tournez lentement la tête vers la gauche",
        Msg::TurnRight => "Tournez lentement la tête vers la droite",
        Msg::FacePlace => "Placez votre visage dans l’ovale. Le selfie démarre tout seul.",
        Msg::FaceOk => "C’est parfait. Ne bougez plus…",
        Msg::FaceNoFace => {
            "Nous ne voyons pas encore de visage. Regardez l’écran, le visage dans l’ovale."
        }
        Msg::FaceMultiple => {
            "Nous voyons plus d’un visage. Vous seul devez apparaître à l’image."
        }
        Msg::FaceTooClose => "Trop près. Éloignez un peu le téléphone.",
        Msg::FaceTooFar => "Trop loin. Rapprochez un peu le téléphone.",
        Msg::FaceOffCentre => "Déplacez-vous pour que votre visage soit au centre de l’ovale.",
        Msg::FaceDark => "Il fait trop sombre. Trouvez plus de lumière ou tournez-vous vers une fenêtre.",
        Msg::LivenessAnyway => "Commencer le selfie quand même",
        Msg::ChallengeHold => "C'est bien. Ne bougez plus…",
        Msg::ChallengeTurnMore => "Encore un peu",
        Msg::ChallengeOtherWay => "De l'autre côté",
        Msg::ChallengeBackToCentre => "Revenez au centre : regardez droit vers la caméra",
        Msg::ChallengeTimedOut => {
            "Nous n'avons pas vu le mouvement à temps. Réessayez avec le visage dans l'ovale, dans \
             un endroit bien éclairé, ou demandez une vérification assistée."
        },
        Msg::ChallengeTryAgain => "Réessayer",
        Msg::LivenessAnywayHint => {
            "Le guidage ne reconnaît pas toujours un visage. Vous pouvez commencer quand même : \
             une personne vérifiera les images si nécessaire."
        }
        Msg::WaitBeforeResend => {
            "Un code vient d’être envoyé. Attendez la fin du compte à rebours pour en demander un \
             nouveau."
        }
        Msg::PhoneInvalid => {
            "Ce numéro de téléphone ne semble pas valide. Vérifiez le pays et le numéro."
        }
        Msg::EmailInvalid => "Cette adresse e-mail ne semble pas valide.",
        Msg::NfcTitle => "La puce de votre document",
        Msg::NfcBody => {
            "Cette étape lit la puce de votre passeport ou de votre carte d’identité. Un \
             navigateur web ne peut pas le faire : seule une application mobile utilisant le NFC \
             le peut. Rien de ce que vous avez fait jusqu’ici n’est perdu."
        }
        Msg::NfcWaysHeading => "Ce que vous pouvez faire",
        Msg::CameraInAppTitle => "Ouvrez cette page dans votre navigateur",
        Msg::CameraInAppBody => {
            "L’application dans laquelle vous avez ouvert ce lien ne permet pas aux pages \
             d’utiliser la caméra. Utilisez son menu (souvent ⋯ ou ↗) pour ouvrir la page dans \
             Safari ou Chrome, ou importez une photo à la place."
        }
        Msg::CameraOnPhoneHint => {
            "Sur un ordinateur sans caméra, ouvrez plutôt votre lien de vérification sur votre \
             téléphone."
        }
        Msg::CameraFrameTitle => "La caméra n’est pas disponible ici",
        Msg::CameraFrameBody => {
            "La page dans laquelle ce service s’affiche ne lui permet pas d’utiliser la caméra. \
             Importez plutôt une photo, ou utilisez votre téléphone."
        }
        Msg::CameraFramePhone => {
            "Pour utiliser la caméra de votre téléphone, ouvrez votre lien de vérification dans le \
             navigateur de votre téléphone."
        }
        Msg::HandoffTitle => "Continuez sur votre téléphone",
        Msg::HandoffIntro => {
            "Cette étape nécessite l’appareil photo d’un téléphone. Utilisez votre téléphone ; \
             cette page suit votre progression et se termine avec vous."
        }
        Msg::HandoffStepCamera => "Ouvrez l’appareil photo de votre téléphone.",
        Msg::HandoffStepScan => "Visez ce QR code et ouvrez le lien qui s’affiche.",
        Msg::HandoffStepFollow => {
            "Suivez les étapes sur votre téléphone. Laissez cette page ouverte : elle se met à \
             jour toute seule."
        }
        Msg::HandoffQrLabel => "QR code contenant le lien pour votre téléphone",
        Msg::HandoffLinkLabel => "Ou envoyez-vous ce lien",
        Msg::HandoffCopy => "Copier le lien",
        Msg::HandoffCopied => "Lien copié",
        Msg::HandoffCopyFailed => {
            "Copie impossible : sélectionnez le lien et copiez-le vous-même."
        }
        Msg::HandoffPreparing => "Préparation de votre QR code…",
        Msg::HandoffExpired => "Ce QR code a expiré au bout de 10 minutes.",
        Msg::HandoffFailed => "Nous n’avons pas pu préparer de QR code.",
        Msg::HandoffNewCode => "Afficher un nouveau QR code",
        Msg::HandoffWaiting => "En attente de votre téléphone…",
        Msg::HandoffPhoneConnected => "Téléphone connecté",
        Msg::HandoffPhoneConnectedBody => "Continuez sur votre téléphone. Cette page suit votre progression.",
        Msg::HandoffPhoneQuiet => "Votre téléphone ne répond plus",
        Msg::HandoffPhoneQuietBody => {
            "Si la page a été fermée sur votre téléphone, scannez un nouveau QR code pour \
             reprendre là où vous vous étiez arrêté."
        }
        Msg::HandoffHere => "Continuer plutôt sur cet ordinateur",
        Msg::HandoffHereHint => {
            "Cet ordinateur a une caméra : vous pouvez l’utiliser à la place d’un téléphone."
        }
        Msg::HandoffPhoneNote => {
            "Continuez ici, sur votre téléphone. Votre ordinateur se mettra à jour tout seul."
        }
        Msg::HandoffUsedTitle => "Ce lien a déjà été utilisé",
        Msg::HandoffExpiredTitle => "Ce lien a expiré",
        Msg::HandoffReplacedTitle => "Ce lien a été remplacé",
        Msg::HandoffRefusedBody => {
            "Affichez un nouveau QR code sur votre ordinateur et scannez-le avec ce téléphone."
        }
        Msg::CaptureRefusedTitle => "Ce lien ne peut pas être ouvert ici",
        Msg::CaptureRefusedBody => {
            "Il ne mène pas à ce service de vérification. Retournez au service qui vous a envoyé \
             ici et demandez un nouveau lien."
        }
        Msg::PageTitle => "Vérification d’identité",
        Msg::Language => "Langue",
        Msg::LogoAlt => "Logo de {service}",
        Msg::StepProgress => "Étape {step} sur {count}",
        Msg::CodeSentTo => "Code envoyé au {masked}",
        Msg::ResendIn => "Vous pourrez demander un nouveau code dans {seconds} s",
        Msg::SizeKb => "{size} Ko",
        Msg::SizeMb => "{size} Mo",
        Msg::FileSummary => "{name}, {size}",
        Msg::FileSummaryPages => "{name}, {size}, {pages}",
        Msg::PageOne => "1 page",
        Msg::PageMany => "{count} pages",
        Msg::PdfCardLabel => "PDF, {pages}",
        Msg::UploadPercent => "{percent} %",
        Msg::NfcWaiting => {
            "Laissez cette page ouverte. Si {service} peut vérifier votre identité sans la puce, \
             cette page passera d’elle-même à la suite."
        }
        Msg::NfcApp => {
            "Si {service} propose une application mobile, ouvrez-la sur un téléphone doté du NFC \
             et poursuivez votre vérification depuis celle-ci."
        }
        Msg::ReturningTo => "Retour vers {service}…",
        Msg::ReturnNow => "Revenir à {service} maintenant",
        Msg::NewLinkFrom => {
            "Retournez sur {service} et demandez un nouveau lien de vérification."
        }
        Msg::WelcomeIntroService => {
            "{service} vous demande de confirmer votre identité. Voici comment cela se passe."
        }
        Msg::HandoffProgressNamed => "{progress} — {name}",
        Msg::StepConsent => "Accepter l’utilisation de vos données",
        Msg::StepDocument => "Photographier votre pièce d’identité",
        Msg::StepLiveness => "Prendre un selfie",
        Msg::StepAddress => "Importer un justificatif de domicile",
        Msg::StepFunds => "Importer un justificatif de l’origine des fonds",
        Msg::StepPhone => "Confirmer votre numéro de téléphone",
        Msg::StepEmail => "Confirmer votre adresse e-mail",
        Msg::StepNfc => "Lire la puce de votre document",
    }
}
