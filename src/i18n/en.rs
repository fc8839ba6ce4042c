//! English: the reference catalogue; the tests compare the others' placeholders with it.

use super::Msg;

// Inlined so that the first module, which asks for a few messages by name, compiles only those
// (`first_module_messages!` in mod.rs).
#[inline(always)]
pub(super) fn text(msg: Msg) -> &'static str {
    match msg {
        Msg::LoadingTitle => "Getting things ready",
        Msg::LoadingBody => "We are loading your verification. This takes a moment.",
        Msg::WelcomeTitle => "Let's verify your identity",
        Msg::WelcomeIntro => "You are asked to confirm who you are. Here is what to expect.",
        Msg::WelcomeStepsHeading => "What you will do",
        Msg::WelcomeSessionLabel => "Verification number",
        Msg::NoSessionTitle => "You need a verification link",
        Msg::NoSessionBody => {
            "This page works with a link from the service that asked you to verify your identity."
        }
        Msg::NoSessionHint => {
            "Go back to that service's app or website and follow its link to start, or open the \
             link it sent you by text message or e-mail."
        }
        Msg::UnreachableTitle => "We can't reach the verification service",
        Msg::UnreachableBody => "Check that you are online, then try again.",
        Msg::UnexpectedTitle => "Something went wrong",
        Msg::UnexpectedBody => "We could not load your verification. Please try again.",
        Msg::Retry => "Try again",
        Msg::StatusLoading => "Loading your verification",
        Msg::StatusReady => "Your verification is ready to start",
        Msg::WelcomeStart => "Start",
        Msg::ConsentTitle => "Before we start",
        Msg::ConsentAgreeHeading => "By selecting \u{201c}I agree\u{201d}, you agree that:",
        Msg::ConsentPointPhotos => {
            "photos of your identity document and of your face, and the details on them, are \
             used to confirm that you are who you say you are;"
        }
        Msg::ConsentPointData => {
            "these photos and details are processed by the verification service on behalf of the \
             service that sent you, and shared only with it;"
        }
        Msg::ConsentPointKeep => {
            "they are kept only as long as the law and that service's privacy notice allow;"
        }
        Msg::ConsentPointRefuse => {
            "you can say no: nothing is collected, and you return to the service that sent you."
        }
        Msg::ConsentAccept => "I agree",
        Msg::ConsentReject => "I do not agree",
        Msg::Sending => "Sending your answer\u{2026}",
        Msg::ActionFailed => {
            "We could not send your answer. Check that you are online, then try again."
        }
        Msg::CheckAgain => "Check again",
        Msg::CompletedTitle => "Thank you, we have everything we need",
        Msg::CompletedBody => "We are checking your information. This usually takes a moment.",
        Msg::SuccessfulTitle => "You are verified",
        Msg::SuccessfulBody => "Thank you. Your identity has been confirmed.",
        Msg::RejectedTitle => "We could not verify your identity",
        Msg::RejectedBody => {
            "This can happen when a photo is unclear or a document has expired. The service that \
             sent you will tell you what you can do next."
        }
        Msg::CancelTitle => "Verification cancelled",
        Msg::CancelBody => {
            "Nothing more will be collected. You can start again from the service \
             that sent you whenever you are ready."
        }
        Msg::CloseWindow => "You can close this window now.",
        Msg::UnsupportedTitle => "This step is not supported here",
        Msg::UnsupportedBody => {
            "The verification service asked for a step this version of the app does not know. \
             Check again in a moment, or come back to your link later: your progress is saved."
        }
        Msg::ExpiredTitle => "This link has expired",
        Msg::ExpiredBody => {
            "For your security, verification links work for a limited time. Nothing you have \
             done is lost."
        }
        Msg::InvalidTitle => "This link is not valid",
        Msg::InvalidBody => {
            "The link may be incomplete or already replaced by a newer one. Nothing you have \
             done is lost."
        }
        Msg::LostTitle => "We lost track of your verification",
        Msg::LostBody => {
            "This tab no longer holds your verification. Open the link you received again: your \
             progress is saved."
        }
        Msg::ConnectionProblem => {
            "We are having trouble reaching the verification service. We keep trying; nothing \
             you have done is lost."
        }
        Msg::CrashTitle => "Something went wrong",
        Msg::CrashBody => {
            "This page ran into a problem it cannot recover from. Reload it to carry on: what you \
             have already sent is kept."
        }
        Msg::CrashReload => "Reload the page",
        Msg::ExpiryWarning => {
            "Your verification link expires in less than 2 minutes. Finish this step now; if it \
             expires, nothing you have sent is lost, and the service that sent you can give you a \
             new link."
        }
        Msg::UnknownService => "the service that sent you",
        Msg::DocumentFrontTitle => "Photograph the front of your ID",
        Msg::DocumentBackTitle => "Now the back of your ID",
        Msg::DocumentHint => {
            "Place the card inside the frame, in good light. The photo is taken by itself \
             when the picture is sharp."
        }
        Msg::StartingCamera => "Starting the camera\u{2026}",
        Msg::GuidanceOk => "Hold still\u{2026}",
        Msg::GuidanceBlurry => "Hold the phone steady: the picture is blurry",
        Msg::GuidanceDark => "Find more light",
        Msg::GuidanceGlare => "Tilt the card a little to avoid the glare",
        Msg::GuidanceTooFar => "Move closer so the card fills the frame",
        Msg::GuidanceCutOff => "Fit the whole card inside the frame",
        Msg::GuidanceNoDocument => "Place your ID card inside the frame",
        Msg::Shutter => "Take photo",
        Msg::TakingPhoto => "Taking the photo\u{2026}",
        Msg::UploadInstead => "Upload a photo instead",
        Msg::PreviewTitle => "Check your photo",
        Msg::PreviewHint => "Make sure all the text is sharp and readable and there is no glare.",
        Msg::PreviewAlt => "The photo of your document you are about to send",
        Msg::PagePreviewAlt => "The first page of the document you are about to send",
        Msg::PdfKind => "PDF",
        Msg::DocumentUploading => "Sending your document\u{2026}",
        Msg::DocumentUploadRetrying => "Your document did not go through. Trying again\u{2026}",
        Msg::DocumentUploadFailedTitle => "Your document was not sent",
        Msg::DocumentUploadFailedBody => {
            "We could not reach the verification service. Your document is kept: check that you \
             are online and try again."
        }
        Msg::DocumentRefusedBody => {
            "The verification service could not use this file. Choose another file, or take a \
             photo of the document."
        }
        Msg::DocumentUploaded => "Document sent",
        Msg::DocumentEmpty => {
            "This file is empty. Choose it again, or take a photo of the document."
        }
        Msg::DocumentTooLarge => {
            "This file is larger than 10 MB. Send only the pages that matter, or take a photo of \
             the document."
        }
        Msg::Retake => "Retake",
        Msg::UsePhoto => "Use this photo",
        Msg::Uploading => "Sending your photo\u{2026}",
        Msg::UploadRetrying => "Your photo did not go through. Trying again\u{2026}",
        Msg::UploadFailedTitle => "Your photo was not sent",
        Msg::UploadFailedBody => {
            "We could not reach the verification service. Your photo is kept: check that you \
             are online and try again."
        }
        Msg::UploadRefusedBody => {
            "This photo cannot be used. Please take a new photo or choose another file."
        }
        Msg::Uploaded => "Photo sent",
        Msg::KeptPhoto => "Your earlier photo was kept. Check it, then use it or take a new one.",
        Msg::KeptFile => "The file you chose earlier was kept. Send it, or choose another.",
        Msg::KeptSelfie => "Your earlier selfie was kept. Send it, or take it again.",
        Msg::KeptSelfieAlt => "The first picture of your selfie",
        Msg::SendKeptSelfie => "Send my selfie",
        Msg::RetakeSelfie => "Take it again",
        Msg::FileTooLarge => "This file is larger than 10 MB. Choose a smaller photo.",
        Msg::FileEmpty => "This file is empty. Choose another photo.",
        Msg::FileUnreadable => {
            "This browser cannot read this file. Choose a JPEG or PNG photo, or take a photo."
        }
        Msg::FileHeicUnreadable => {
            "This browser cannot open HEIC photos, the format iPhones save in. Take the photo here with the camera, or choose a JPEG or PNG copy of it."
        }
        Msg::CameraDeniedTitle => "Camera access is blocked",
        Msg::CameraDeniedBody => "To photograph your ID here, this page needs your camera.",
        Msg::CameraDeniedHowTo => {
            "Tap the camera or lock icon next to the address, allow the camera for this site, \
             then try again. You can also upload a photo of your ID instead."
        }
        Msg::CameraNotFoundTitle => "No camera found",
        Msg::CameraNotFoundBody => {
            "This device has no camera we can use. Upload a photo of your ID instead, or open \
             your link on a phone."
        }
        Msg::CameraBusyTitle => "The camera is in use",
        Msg::CameraBusyBody => {
            "Another app or tab is using the camera. Close it, then try again, or upload a \
             photo instead."
        }
        Msg::CameraUnsupportedTitle => "This browser cannot use the camera",
        Msg::CameraUnsupportedBody => {
            "Open your verification link in an up-to-date browser such as Safari, Chrome or \
             Firefox, or upload a photo instead."
        }
        Msg::PdfEncrypted => {
            "This PDF is protected by a password, so it cannot be checked. Save a copy without \
             a password (Print, then Save as PDF) or take a photo of the document instead."
        }
        Msg::PdfTooManyPages => {
            "This PDF has more than 20 pages. Upload only the pages with your name and address."
        }
        Msg::ImageTooSmall => "This photo is too small to read. Take a closer photo.",
        Msg::DocumentUnsupported => "Choose a PDF, JPEG or PNG file.",
        Msg::DocumentDamaged => {
            "This file seems damaged or incomplete. Download it again, or take a photo of it."
        }
        Msg::AddressTitle => "Upload a proof of address",
        Msg::AddressHint => {
            "A utility bill, bank statement or official letter from the last 3 months that shows \
             your name and address. PDF, JPEG or PNG, up to 10 MB."
        }
        Msg::FundsTitle => "Upload a proof of funds",
        Msg::FundsHint => {
            "A recent bank statement, payslip or similar document that shows where your funds \
             come from. PDF, JPEG or PNG, up to 10 MB."
        }
        Msg::ChooseFile => "Choose a file",
        Msg::DropHere => "or drop it here",
        Msg::TakePhotoOfIt => "Take a photo of it",
        Msg::Replace => "Replace",
        Msg::SendDocument => "Send this document",
        Msg::DocumentPreviewTitle => "Check your document",
        Msg::PhoneTitle => "Confirm your phone number",
        Msg::PhoneHint => "We will send a 6-digit code by text message.",
        Msg::Country => "Country",
        Msg::PhoneNumber => "Phone number",
        Msg::SendCode => "Send code",
        Msg::EmailTitle => "Confirm your e-mail address",
        Msg::EmailHint => "We will send a 6-digit code to this address.",
        Msg::EmailAddress => "E-mail address",
        Msg::CodeLabel => "6-digit code",
        Msg::CodeHint => "Enter the code we sent; it works for 10 minutes.",
        Msg::Verify => "Confirm",
        Msg::Resend => "Send a new code",
        Msg::ChangePhone => "Change number",
        Msg::ChangeEmail => "Change address",
        Msg::CodeInvalid => "This code is not right. Check it and try again.",
        Msg::CodeExpired => "This code has expired. Ask for a new one.",
        Msg::TooManyAttempts => "Too many wrong codes. Ask for a new code to try again.",
        Msg::RateLimited => "Too many codes were sent. Please wait before asking again.",
        Msg::LivenessTitle => "Take a short selfie",
        Msg::LivenessIntro => {
            "We will ask you to look at the camera and to turn your head a little, to check that \
             it is really you. It takes about ten seconds. Take off sunglasses and find some light."
        }
        Msg::LivenessStart => "Start the selfie",
        Msg::LivenessAssisted => "I cannot take a selfie: ask for assisted verification",
        Msg::LivenessRefused => {
            "We could not use these pictures. Please try again, facing the camera in good light."
        }
        Msg::LookStraight => "Look straight at the camera",
        Msg::TurnLeft => "Slowly turn your head to the left",
        Msg::TurnRight => "Slowly turn your head to the right",
        Msg::FacePlace => "Place your face in the oval. The selfie starts by itself.",
        Msg::FaceOk => "That's it. Hold still…",
        Msg::FaceNoFace => {
            "We cannot see a face yet. Look at the screen with your face in the oval."
        }
        Msg::FaceMultiple => "We can see more than one face. Only you should be in the picture.",
        Msg::FaceTooClose => "Too close. Move the phone a little further away.",
        Msg::FaceTooFar => "Too far. Bring the phone a little closer.",
        Msg::FaceOffCentre => "Move so that your face is in the middle of the oval.",
        Msg::FaceDark => "It is too dark. Find more light, or face a window.",
        Msg::LivenessAnyway => "Start the selfie anyway",
        Msg::ChallengeHold => "That's it. Hold it there…",
        Msg::ChallengeTurnMore => "A little further",
        Msg::ChallengeOtherWay => "The other way",
        Msg::ChallengeBackToCentre => "Back to the centre: look straight at the camera",
        Msg::ChallengeTimedOut => {
            "We could not see the movement in time. Try again with your face in the oval, in good \
             light, or ask for assisted verification."
        }
        Msg::ChallengeTryAgain => "Try again",
        Msg::LivenessAnywayHint => {
            "The guidance does not always recognise a face. You can start anyway: a person checks \
             the pictures if needed."
        }
        Msg::WaitBeforeResend => {
            "A code was sent a moment ago. Wait until the countdown ends to ask for a new one."
        }
        Msg::PhoneInvalid => {
            "This does not look like a phone number. Check the country and number."
        }
        Msg::EmailInvalid => "This does not look like an e-mail address.",
        Msg::NfcTitle => "Your document's chip",
        Msg::NfcBody => {
            "This step reads the chip in your passport or ID card. A web browser cannot do that: \
             only a phone app that uses NFC can. Nothing you have done so far is lost."
        }
        Msg::NfcWaysHeading => "What you can do",
        Msg::CameraInAppTitle => "Open this page in your browser",
        Msg::CameraInAppBody => {
            "The app you opened this link in does not let pages use the camera. Use its menu \
             (often \u{22ef} or \u{2197}) to open the page in Safari or Chrome, or upload a photo \
             instead."
        }
        Msg::CameraOnPhoneHint => {
            "On a computer without a camera, open your verification link on your phone instead."
        }
        Msg::CameraFrameTitle => "The camera is not available here",
        Msg::CameraFrameBody => {
            "The page this runs in does not let it use the camera. Upload a photo instead, or use \
             your phone."
        }
        Msg::CameraFramePhone => {
            "To use your phone’s camera, open your verification link in your phone’s browser."
        }
        Msg::HandoffTitle => "Continue on your phone",
        Msg::HandoffIntro => {
            "This step needs a phone camera. Use your phone for it; this page \
             follows along and finishes with you."
        }
        Msg::HandoffStepCamera => "Open the camera on your phone.",
        Msg::HandoffStepScan => "Point it at this QR code and open the link it shows.",
        Msg::HandoffStepFollow => {
            "Follow the steps on your phone. Keep this page open: it \
             updates by itself."
        }
        Msg::HandoffQrLabel => "QR code with the link for your phone",
        Msg::HandoffLinkLabel => "Or send yourself this link",
        Msg::HandoffCopy => "Copy link",
        Msg::HandoffCopied => "Link copied",
        Msg::HandoffCopyFailed => "Could not copy: select the link and copy it yourself.",
        Msg::HandoffPreparing => "Preparing your QR code\u{2026}",
        Msg::HandoffExpired => "This QR code has expired after 10 minutes.",
        Msg::HandoffFailed => "We could not prepare a QR code.",
        Msg::HandoffNewCode => "Show a new QR code",
        Msg::HandoffWaiting => "Waiting for your phone\u{2026}",
        Msg::HandoffPhoneConnected => "Phone connected",
        Msg::HandoffPhoneConnectedBody => "Carry on with your phone. This page follows along.",
        Msg::HandoffPhoneQuiet => "We haven't heard from your phone",
        Msg::HandoffPhoneQuietBody => {
            "If the page on your phone was closed, scan a new QR code \
             to carry on where you left off."
        }
        Msg::HandoffHere => "Continue on this computer instead",
        Msg::HandoffHereHint => "This computer has a camera: you can use it instead of a phone.",
        Msg::HandoffPhoneNote => {
            "Continue here on your phone. Your computer will update by \
             itself."
        }
        Msg::HandoffUsedTitle => "This link has already been used",
        Msg::HandoffExpiredTitle => "This link has expired",
        Msg::HandoffReplacedTitle => "This link has been replaced",
        Msg::HandoffRefusedBody => {
            "Show a new QR code on your computer and scan it with this \
             phone."
        }
        Msg::CaptureRefusedTitle => "This link can't be opened here",
        Msg::CaptureRefusedBody => {
            "It does not lead to this verification service. Go back to \
             the service that sent you and ask for a new link."
        }
        Msg::PageTitle => "Identity verification",
        Msg::Language => "Language",
        Msg::LogoAlt => "{service} logo",
        Msg::StepProgress => "Step {step} of {count}",
        Msg::CodeSentTo => "Code sent to {masked}",
        Msg::ResendIn => "You can ask for a new code in {seconds} s",
        Msg::SizeKb => "{size} KB",
        Msg::SizeMb => "{size} MB",
        Msg::FileSummary => "{name}, {size}",
        Msg::FileSummaryPages => "{name}, {size}, {pages}",
        Msg::PageOne => "1 page",
        Msg::PageMany => "{count} pages",
        Msg::PdfCardLabel => "PDF, {pages}",
        Msg::UploadPercent => "{percent} %",
        Msg::NfcWaiting => {
            "Keep this page open. If {service} can check your identity without the chip, this \
             page moves on by itself."
        }
        Msg::NfcApp => {
            "If {service} has a mobile app, open it on a phone with NFC and continue your \
             verification there."
        }
        Msg::ReturningTo => "Taking you back to {service}\u{2026}",
        Msg::ReturnNow => "Go back to {service} now",
        Msg::NewLinkFrom => "Go back to {service} and ask for a new verification link.",
        Msg::WelcomeIntroService => {
            "{service} asks you to confirm who you are. Here is what to expect."
        }
        Msg::HandoffProgressNamed => "{progress} \u{2014} {name}",
        Msg::StepConsent => "Agree to how your data is used",
        Msg::StepDocument => "Photograph your identity document",
        Msg::StepLiveness => "Take a selfie",
        Msg::StepAddress => "Upload a proof of address",
        Msg::StepFunds => "Upload a proof of funds",
        Msg::StepPhone => "Confirm your phone number",
        Msg::StepEmail => "Confirm your e-mail address",
        Msg::StepNfc => "Read your document's chip",
    }
}
