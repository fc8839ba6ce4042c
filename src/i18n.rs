//! Every piece of text the user reads, keyed by message id.
//!
//! English is the only catalogue so far. Views never hold literal text: they ask for a `Msg`, or
//! for one of the functions below when the text carries a value.

use idv_core::Step;

/// A message id. Adding one without its English text does not compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    LoadingTitle,
    LoadingBody,
    WelcomeTitle,
    WelcomeIntro,
    WelcomeStepsHeading,
    WelcomeSessionLabel,
    NoSessionTitle,
    NoSessionBody,
    NoSessionHint,
    UnreachableTitle,
    UnreachableBody,
    UnexpectedTitle,
    UnexpectedBody,
    Retry,
    StatusLoading,
    StatusReady,
    WelcomeStart,
    ConsentTitle,
    ConsentAgreeHeading,
    ConsentPointPhotos,
    ConsentPointData,
    ConsentPointKeep,
    ConsentPointRefuse,
    ConsentAccept,
    ConsentReject,
    Sending,
    ActionFailed,
    CheckAgain,
    CompletedTitle,
    CompletedBody,
    SuccessfulTitle,
    SuccessfulBody,
    RejectedTitle,
    RejectedBody,
    CancelTitle,
    CancelBody,
    CloseWindow,
    UnsupportedTitle,
    UnsupportedBody,
    ExpiredTitle,
    ExpiredBody,
    InvalidTitle,
    InvalidBody,
    LostTitle,
    LostBody,
    ConnectionProblem,
    UnknownService,
    DocumentFrontTitle,
    DocumentBackTitle,
    DocumentHint,
    StartingCamera,
    GuidanceOk,
    GuidanceBlurry,
    GuidanceDark,
    GuidanceGlare,
    GuidanceTooFar,
    GuidanceCutOff,
    GuidanceNoDocument,
    Shutter,
    TakingPhoto,
    UploadInstead,
    PreviewTitle,
    PreviewHint,
    PreviewAlt,
    PagePreviewAlt,
    PdfKind,
    DocumentUploading,
    DocumentUploadRetrying,
    DocumentUploadFailedTitle,
    DocumentUploadFailedBody,
    DocumentRefusedBody,
    DocumentUploaded,
    DocumentEmpty,
    DocumentTooLarge,
    Retake,
    UsePhoto,
    Uploading,
    UploadRetrying,
    UploadFailedTitle,
    UploadFailedBody,
    UploadRefusedBody,
    Uploaded,
    FileTooLarge,
    FileEmpty,
    FileUnreadable,
    CameraDeniedTitle,
    CameraDeniedBody,
    CameraDeniedHowTo,
    CameraNotFoundTitle,
    CameraNotFoundBody,
    CameraBusyTitle,
    CameraBusyBody,
    CameraUnsupportedTitle,
    CameraUnsupportedBody,
    CameraOnPhoneHint,
    CameraInAppTitle,
    CameraInAppBody,
    PdfEncrypted,
    PdfTooManyPages,
    ImageTooSmall,
    DocumentUnsupported,
    DocumentDamaged,
    AddressTitle,
    AddressHint,
    FundsTitle,
    FundsHint,
    ChooseFile,
    DropHere,
    TakePhotoOfIt,
    Replace,
    SendDocument,
    DocumentPreviewTitle,
    PhoneTitle,
    PhoneHint,
    Country,
    PhoneNumber,
    SendCode,
    EmailTitle,
    EmailHint,
    EmailAddress,
    CodeLabel,
    CodeHint,
    Verify,
    Resend,
    ChangePhone,
    ChangeEmail,
    CodeInvalid,
    CodeExpired,
    TooManyAttempts,
    RateLimited,
    WaitBeforeResend,
    LivenessTitle,
    LivenessIntro,
    LivenessStart,
    LivenessAssisted,
    LivenessRefused,
    LookStraight,
    TurnLeft,
    TurnRight,
    FacePlace,
    FaceOk,
    FaceNoFace,
    FaceMultiple,
    FaceTooClose,
    FaceTooFar,
    FaceOffCentre,
    FaceDark,
    LivenessAnyway,
    LivenessAnywayHint,
    PhoneInvalid,
    EmailInvalid,
    NfcTitle,
    NfcBody,
    NfcWaysHeading,
    // Desktop to phone handoff.
    HandoffTitle,
    HandoffIntro,
    HandoffStepCamera,
    HandoffStepScan,
    HandoffStepFollow,
    HandoffQrLabel,
    HandoffLinkLabel,
    HandoffCopy,
    HandoffCopied,
    HandoffCopyFailed,
    HandoffPreparing,
    HandoffExpired,
    HandoffFailed,
    HandoffNewCode,
    HandoffWaiting,
    HandoffPhoneConnected,
    HandoffPhoneConnectedBody,
    HandoffPhoneQuiet,
    HandoffPhoneQuietBody,
    HandoffHere,
    HandoffHereHint,
    HandoffPhoneNote,
    HandoffUsedTitle,
    HandoffExpiredTitle,
    HandoffReplacedTitle,
    HandoffRefusedBody,
    CaptureRefusedTitle,
    CaptureRefusedBody,
}

/// The English text of a message.
pub fn t(msg: Msg) -> &'static str {
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
        Msg::UnknownService => "the service that sent you",
        Msg::DocumentFrontTitle => "Photograph the front of your ID",
        Msg::DocumentBackTitle => "Now the back of your ID",
        Msg::DocumentHint => {
            "Lay the card on a dark, plain surface and fit it inside the frame. The photo is \
             taken by itself when the picture is sharp."
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
        Msg::FileTooLarge => "This file is larger than 10 MB. Choose a smaller photo.",
        Msg::FileEmpty => "This file is empty. Choose another photo.",
        Msg::FileUnreadable => {
            "This browser cannot read this file. Choose a JPEG or PNG photo, or take a photo."
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
    }
}

/// "Code sent to +41 •• ••• •• 67".
pub fn code_sent_to(masked: &str) -> String {
    format!("Code sent to {masked}")
}

/// "You can ask for a new code in 25 s".
pub fn resend_in(seconds: u32) -> String {
    format!("You can ask for a new code in {seconds} s")
}

/// "statement.pdf, 240 KB, 3 pages".
pub fn file_summary(name: &str, bytes: f64, pages: Option<u32>) -> String {
    let size = if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MB", bytes / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes / 1024.0).ceil())
    };
    match pages {
        Some(1) => format!("{name}, {size}, 1 page"),
        Some(n) => format!("{name}, {size}, {n} pages"),
        None => format!("{name}, {size}"),
    }
}

/// While the chip screen waits for the platform to move on.
pub fn nfc_waiting(service: &str) -> String {
    format!(
        "Keep this page open. If {service} can check your identity without the chip, this page \
         moves on by itself."
    )
}

/// The chip screen's other way forward.
pub fn nfc_app(service: &str) -> String {
    format!(
        "If {service} has a mobile app, open it on a phone with NFC and continue your \
         verification there."
    )
}

/// "3 pages".
pub fn page_count(pages: u32) -> String {
    match pages {
        1 => "1 page".to_owned(),
        n => format!("{n} pages"),
    }
}

/// "PDF, 3 pages": the document card of a PDF without a page to show.
pub fn pdf_card_label(pages: u32) -> String {
    format!("PDF, {}", page_count(pages))
}

/// "Uploading: 42 %".
pub fn upload_percent(percent: u32) -> String {
    format!("{percent} %")
}

/// "Step 2 of 5".
pub fn step_progress(step: u32, count: u32) -> String {
    format!("Step {step} of {count}")
}

/// "Taking you back to Acme Bank\u{2026}"
pub fn returning_to(service: &str) -> String {
    format!("Taking you back to {service}\u{2026}")
}

/// The button that skips the countdown.
pub fn return_now(service: &str) -> String {
    format!("Go back to {service} now")
}

/// How to get a working link again.
pub fn new_link_from(service: &str) -> String {
    format!("Go back to {service} and ask for a new verification link.")
}

/// The welcome screen's opening line, naming the service that asked for the verification.
pub fn welcome_intro(service: &str) -> String {
    format!("{service} asks you to confirm who you are. Here is what to expect.")
}

/// The desktop's live progress: "Step 2 of 5 \u{2014} Photograph your identity document".
pub fn handoff_progress(step: u32, count: u32, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("{} \u{2014} {name}", step_progress(step, count)),
        None => step_progress(step, count),
    }
}

/// How a workflow step is announced in the list of steps.
pub fn step_name(step: Step) -> &'static str {
    match step {
        Step::Consent => "Agree to how your data is used",
        Step::Document => "Photograph your identity document",
        Step::Liveness => "Take a selfie",
        Step::Address => "Upload a proof of address",
        Step::Funds => "Upload a proof of funds",
        Step::Phone => "Confirm your phone number",
        Step::Email => "Confirm your e-mail address",
        Step::Nfc => "Read your document's chip",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards against an empty catalogue entry slipping through a copy-paste.
    #[test]
    fn every_step_has_a_name() {
        for step in Step::ALL {
            assert!(!step_name(step).is_empty(), "{step:?}");
        }
    }

    #[test]
    fn welcome_intro_names_the_service() {
        assert!(welcome_intro("Acme Bank").starts_with("Acme Bank "));
    }
}
