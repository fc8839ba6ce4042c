//! Español (de usted, neutro para España y América Latina).

use super::Msg;

pub(super) fn text(msg: Msg) -> &'static str {
    match msg {
        Msg::LoadingTitle => "Preparando todo",
        Msg::LoadingBody => "Estamos cargando su verificación. Solo tarda un momento.",
        Msg::WelcomeTitle => "Verifiquemos su identidad",
        Msg::WelcomeIntro => "Se le pide que confirme su identidad. Esto es lo que le espera.",
        Msg::WelcomeStepsHeading => "Lo que va a hacer",
        Msg::WelcomeSessionLabel => "Número de verificación",
        Msg::NoSessionTitle => "Necesita un enlace de verificación",
        Msg::NoSessionBody => {
            "Esta página funciona con un enlace del servicio que le pidió verificar su identidad."
        }
        Msg::NoSessionHint => {
            "Vuelva a la aplicación o al sitio web de ese servicio y siga su enlace para empezar, \
             o abra el enlace que le envió por SMS o correo electrónico."
        }
        Msg::UnreachableTitle => "No podemos conectar con el servicio de verificación",
        Msg::UnreachableBody => "Compruebe que tiene conexión a Internet y vuelva a intentarlo.",
        Msg::UnexpectedTitle => "Algo ha salido mal",
        Msg::UnexpectedBody => "No hemos podido cargar su verificación. Vuelva a intentarlo.",
        Msg::Retry => "Reintentar",
        Msg::StatusLoading => "Cargando su verificación",
        Msg::StatusReady => "Su verificación está lista para empezar",
        Msg::WelcomeStart => "Empezar",
        Msg::ConsentTitle => "Antes de empezar",
        Msg::ConsentAgreeHeading => "Al seleccionar «Acepto», usted acepta que:",
        Msg::ConsentPointPhotos => {
            "las fotos de su documento de identidad y de su rostro, y los datos que contienen, se \
             utilicen para confirmar que usted es quien dice ser;"
        }
        Msg::ConsentPointData => {
            "estas fotos y datos los trate el servicio de verificación en nombre del servicio que \
             le envió aquí, y se compartan solo con él;"
        }
        Msg::ConsentPointKeep => {
            "se conserven solo durante el tiempo que permitan la ley y la política de privacidad \
             de ese servicio;"
        }
        Msg::ConsentPointRefuse => {
            "puede negarse: no se recoge nada y vuelve al servicio que le envió aquí."
        }
        Msg::ConsentAccept => "Acepto",
        Msg::ConsentReject => "No acepto",
        Msg::Sending => "Enviando su respuesta…",
        Msg::ActionFailed => {
            "No hemos podido enviar su respuesta. Compruebe que tiene conexión a Internet y vuelva \
             a intentarlo."
        }
        Msg::CheckAgain => "Comprobar de nuevo",
        Msg::CompletedTitle => "Gracias, ya tenemos todo lo necesario",
        Msg::CompletedBody => "Estamos comprobando sus datos. Normalmente tarda solo un momento.",
        Msg::SuccessfulTitle => "Su identidad está verificada",
        Msg::SuccessfulBody => "Gracias. Su identidad ha sido confirmada.",
        Msg::RejectedTitle => "No hemos podido verificar su identidad",
        Msg::RejectedBody => {
            "Puede ocurrir cuando una foto no es nítida o un documento ha caducado. El servicio \
             que le envió aquí le indicará qué puede hacer a continuación."
        }
        Msg::CancelTitle => "Verificación cancelada",
        Msg::CancelBody => {
            "No se recogerá nada más. Puede volver a empezar desde el servicio que le envió aquí \
             cuando quiera."
        }
        Msg::CloseWindow => "Ya puede cerrar esta ventana.",
        Msg::UnsupportedTitle => "Este paso no está disponible aquí",
        Msg::UnsupportedBody => {
            "El servicio de verificación ha pedido un paso que esta versión de la aplicación no \
             conoce. Compruébelo de nuevo en un momento o vuelva a su enlace más tarde: su \
             progreso está guardado."
        }
        Msg::ExpiredTitle => "Este enlace ha caducado",
        Msg::ExpiredBody => {
            "Por su seguridad, los enlaces de verificación son válidos durante un tiempo limitado. \
             No se pierde nada de lo que ya ha hecho."
        }
        Msg::InvalidTitle => "Este enlace no es válido",
        Msg::InvalidBody => {
            "Puede que el enlace esté incompleto o que lo haya sustituido otro más reciente. No se \
             pierde nada de lo que ya ha hecho."
        }
        Msg::LostTitle => "Hemos perdido el rastro de su verificación",
        Msg::LostBody => {
            "Esta pestaña ya no contiene su verificación. Vuelva a abrir el enlace que recibió: su \
             progreso está guardado."
        }
        Msg::ConnectionProblem => {
            "Tenemos problemas para conectar con el servicio de verificación. Seguimos \
             intentándolo; no se pierde nada de lo que ha hecho."
        }
        Msg::CrashTitle => "Algo ha salido mal",
        Msg::CrashBody => {
            "Esta página ha tenido un problema del que no puede recuperarse. Vuelva a cargarla \
             para continuar: lo que ya ha enviado se conserva."
        }
        Msg::CrashReload => "Volver a cargar la página",
        Msg::ExpiryWarning => {
            "Su enlace de verificación caduca en menos de 2 minutos. Termine este paso ahora; si \
             caduca, no se pierde nada de lo que ha enviado, y el servicio que le envió aquí puede \
             darle un enlace nuevo."
        }
        Msg::UnknownService => "el servicio que le envió aquí",
        Msg::DocumentFrontTitle => "Fotografíe el anverso de su documento de identidad",
        Msg::DocumentBackTitle => "Ahora el reverso de su documento de identidad",
        Msg::DocumentHint => {
            "Coloque la tarjeta dentro del marco, con buena luz. La foto se toma sola cuando la \
             imagen está nítida."
        }
        Msg::StartingCamera => "Iniciando la cámara…",
        Msg::GuidanceOk => "No se mueva…",
        Msg::GuidanceBlurry => "Mantenga el teléfono quieto: la imagen está borrosa",
        Msg::GuidanceDark => "Busque más luz",
        Msg::GuidanceGlare => "Incline un poco la tarjeta para evitar reflejos",
        Msg::GuidanceTooFar => "Acérquese para que la tarjeta llene el marco",
        Msg::GuidanceCutOff => "Encaje toda la tarjeta dentro del marco",
        Msg::GuidanceNoDocument => "Coloque su documento de identidad dentro del marco",
        Msg::Shutter => "Hacer la foto",
        Msg::TakingPhoto => "Haciendo la foto…",
        Msg::UploadInstead => "Subir una foto en su lugar",
        Msg::PreviewTitle => "Revise su foto",
        Msg::PreviewHint => "Compruebe que todo el texto se lee con nitidez y que no hay reflejos.",
        Msg::PreviewAlt => "La foto de su documento que va a enviar",
        Msg::PagePreviewAlt => "La primera página del documento que va a enviar",
        Msg::PdfKind => "PDF",
        Msg::DocumentUploading => "Enviando su documento…",
        Msg::DocumentUploadRetrying => "Su documento no se ha enviado. Volviendo a intentarlo…",
        Msg::DocumentUploadFailedTitle => "Su documento no se ha enviado",
        Msg::DocumentUploadFailedBody => {
            "No hemos podido conectar con el servicio de verificación. Su documento se conserva: \
             compruebe su conexión a Internet y vuelva a intentarlo."
        }
        Msg::DocumentRefusedBody => {
            "El servicio de verificación no ha podido usar este archivo. Elija otro archivo o haga \
             una foto del documento."
        }
        Msg::DocumentUploaded => "Documento enviado",
        Msg::DocumentEmpty => {
            "Este archivo está vacío. Vuelva a elegirlo o haga una foto del documento."
        }
        Msg::DocumentTooLarge => {
            "Este archivo supera los 10 MB. Envíe solo las páginas necesarias o haga una foto del \
             documento."
        }
        Msg::Retake => "Repetir",
        Msg::UsePhoto => "Usar esta foto",
        Msg::Uploading => "Enviando su foto…",
        Msg::UploadRetrying => "Su foto no se ha enviado. Volviendo a intentarlo…",
        Msg::UploadFailedTitle => "Su foto no se ha enviado",
        Msg::UploadFailedBody => {
            "No hemos podido conectar con el servicio de verificación. Su foto se conserva: \
             compruebe su conexión a Internet y vuelva a intentarlo."
        }
        Msg::UploadRefusedBody => {
            "Esta foto no se puede usar. Haga una foto nueva o elija otro archivo."
        }
        Msg::Uploaded => "Foto enviada",
        Msg::KeptPhoto => "Su foto anterior se ha conservado. Revísela y úsela o haga otra.",
        Msg::KeptFile => "El archivo que eligió antes se ha conservado. Envíelo o elija otro.",
        Msg::KeptSelfie => "Su selfie anterior se ha conservado. Envíelo o hágalo de nuevo.",
        Msg::KeptSelfieAlt => "La primera imagen de su selfie",
        Msg::SendKeptSelfie => "Enviar mi selfie",
        Msg::RetakeSelfie => "Hacerlo de nuevo",
        Msg::FileTooLarge => "Este archivo supera los 10 MB. Elija una foto más pequeña.",
        Msg::FileEmpty => "Este archivo está vacío. Elija otra foto.",
        Msg::FileUnreadable => {
            "Este navegador no puede leer este archivo. Elija una foto JPEG o PNG, o haga una foto."
        }
        Msg::FileHeicUnreadable => {
            "Este navegador no puede abrir fotos HEIC, el formato en que guardan los iPhone. Haga la foto aquí con la cámara o elija una copia en JPEG o PNG."
        }
        Msg::CameraDeniedTitle => "El acceso a la cámara está bloqueado",
        Msg::CameraDeniedBody => {
            "Para fotografiar aquí su documento de identidad, esta página necesita su cámara."
        }
        Msg::CameraDeniedHowTo => {
            "Toque el icono de la cámara o del candado junto a la dirección, permita la cámara \
             para este sitio y vuelva a intentarlo. También puede subir una foto de su documento."
        }
        Msg::CameraNotFoundTitle => "No se ha encontrado ninguna cámara",
        Msg::CameraNotFoundBody => {
            "Este dispositivo no tiene una cámara que podamos usar. Suba una foto de su documento \
             o abra su enlace en un teléfono."
        }
        Msg::CameraBusyTitle => "La cámara está en uso",
        Msg::CameraBusyBody => {
            "Otra aplicación o pestaña está usando la cámara. Ciérrela y vuelva a intentarlo, o \
             suba una foto en su lugar."
        }
        Msg::CameraUnsupportedTitle => "Este navegador no puede usar la cámara",
        Msg::CameraUnsupportedBody => {
            "Abra su enlace de verificación en un navegador actualizado, como Safari, Chrome o \
             Firefox, o suba una foto en su lugar."
        }
        Msg::PdfEncrypted => {
            "Este PDF está protegido con contraseña, así que no se puede comprobar. Guarde una \
             copia sin contraseña (Imprimir y luego Guardar como PDF) o haga una foto del \
             documento."
        }
        Msg::PdfTooManyPages => {
            "Este PDF tiene más de 20 páginas. Suba solo las páginas con su nombre y dirección."
        }
        Msg::ImageTooSmall => "Esta foto es demasiado pequeña para leerla. Hágala más de cerca.",
        Msg::DocumentUnsupported => "Elija un archivo PDF, JPEG o PNG.",
        Msg::DocumentDamaged => {
            "Este archivo parece dañado o incompleto. Vuelva a descargarlo o hágale una foto."
        }
        Msg::AddressTitle => "Suba un justificante de domicilio",
        Msg::AddressHint => {
            "Una factura de suministros, un extracto bancario o una carta oficial de los últimos \
             3 meses con su nombre y dirección. PDF, JPEG o PNG, hasta 10 MB."
        }
        Msg::FundsTitle => "Suba un justificante del origen de los fondos",
        Msg::FundsHint => {
            "Un extracto bancario reciente, una nómina o un documento similar que muestre de dónde \
             proceden sus fondos. PDF, JPEG o PNG, hasta 10 MB."
        }
        Msg::ChooseFile => "Elegir un archivo",
        Msg::DropHere => "o suéltelo aquí",
        Msg::TakePhotoOfIt => "Hacerle una foto",
        Msg::Replace => "Sustituir",
        Msg::SendDocument => "Enviar este documento",
        Msg::DocumentPreviewTitle => "Revise su documento",
        Msg::PhoneTitle => "Confirme su número de teléfono",
        Msg::PhoneHint => "Le enviaremos un código de 6 dígitos por SMS.",
        Msg::Country => "País",
        Msg::PhoneNumber => "Número de teléfono",
        Msg::SendCode => "Enviar código",
        Msg::EmailTitle => "Confirme su dirección de correo electrónico",
        Msg::EmailHint => "Enviaremos un código de 6 dígitos a esta dirección.",
        Msg::EmailAddress => "Correo electrónico",
        Msg::CodeLabel => "Código de 6 dígitos",
        Msg::CodeHint => "Introduzca el código que le enviamos; es válido durante 10 minutos.",
        Msg::Verify => "Confirmar",
        Msg::Resend => "Enviar un código nuevo",
        Msg::ChangePhone => "Cambiar número",
        Msg::ChangeEmail => "Cambiar dirección",
        Msg::CodeInvalid => "Este código no es correcto. Revíselo y vuelva a intentarlo.",
        Msg::CodeExpired => "Este código ha caducado. Pida uno nuevo.",
        Msg::TooManyAttempts => {
            "Demasiados códigos incorrectos. Pida un código nuevo para volver a intentarlo."
        }
        Msg::RateLimited => {
            "Se han enviado demasiados códigos. Espere un poco antes de pedir otro."
        }
        Msg::LivenessTitle => "Hágase un breve selfie",
        Msg::LivenessIntro => {
            "Le pediremos que mire a la cámara y gire un poco la cabeza, para comprobar que es \
             usted de verdad. Tarda unos diez segundos. Quítese las gafas de sol y busque un \
             lugar con luz."
        }
        Msg::LivenessStart => "Empezar el selfie",
        Msg::LivenessAssisted => "No puedo hacerme un selfie: pedir una verificación asistida",
        Msg::LivenessRefused => {
            "No hemos podido usar estas imágenes. Vuelva a intentarlo mirando a la cámara y con \
             buena luz."
        }
        Msg::LookStraight => "Mire directamente a la cámara",
        Msg::TurnLeft => "Gire despacio la cabeza hacia la izquierda",
        Msg::TurnRight => "Gire despacio la cabeza hacia la derecha",
        Msg::FacePlace => "Coloque la cara dentro del óvalo. El selfie empieza solo.",
        Msg::FaceOk => "Así está bien. No se mueva…",
        Msg::FaceNoFace => {
            "Todavía no vemos ninguna cara. Mire a la pantalla con la cara dentro del óvalo."
        }
        Msg::FaceMultiple => "Vemos más de una cara. Solo usted debe aparecer en la imagen.",
        Msg::FaceTooClose => "Demasiado cerca. Aleje un poco el teléfono.",
        Msg::FaceTooFar => "Demasiado lejos. Acerque un poco el teléfono.",
        Msg::FaceOffCentre => "Muévase para que su cara quede en el centro del óvalo.",
        Msg::FaceDark => "Hay muy poca luz. Busque más luz o póngase frente a una ventana.",
        Msg::LivenessAnyway => "Empezar el selfie de todos modos",
        Msg::ChallengeHold => "Así. Mantenga la posición…",
        Msg::ChallengeTurnMore => "Un poco más",
        Msg::ChallengeOtherWay => "Hacia el otro lado",
        Msg::ChallengeBackToCentre => "Vuelva al centro: mire directamente a la cámara",
        Msg::ChallengeTimedOut => {
            "No pudimos ver el movimiento a tiempo. Inténtelo de nuevo con la cara dentro del óvalo \
             y con buena luz, o pida una verificación asistida."
        },
        Msg::ChallengeTryAgain => "Intentar de nuevo",
        Msg::LivenessAnywayHint => {
            "La guía no siempre reconoce una cara. Puede empezar de todos modos: si hace falta, \
             una persona revisará las imágenes."
        }
        Msg::WaitBeforeResend => {
            "Se acaba de enviar un código. Espere a que termine la cuenta atrás para pedir uno \
             nuevo."
        }
        Msg::PhoneInvalid => {
            "Esto no parece un número de teléfono. Revise el país y el número."
        }
        Msg::EmailInvalid => "Esto no parece una dirección de correo electrónico.",
        Msg::NfcTitle => "El chip de su documento",
        Msg::NfcBody => {
            "Este paso lee el chip de su pasaporte o documento de identidad. Un navegador web no \
             puede hacerlo: solo una aplicación móvil con NFC. No se pierde nada de lo que ha \
             hecho hasta ahora."
        }
        Msg::NfcWaysHeading => "Qué puede hacer",
        Msg::CameraInAppTitle => "Abra esta página en su navegador",
        Msg::CameraInAppBody => {
            "La aplicación en la que abrió este enlace no permite que las páginas usen la cámara. \
             Use su menú (a menudo ⋯ o ↗) para abrir la página en Safari o Chrome, o suba una foto \
             en su lugar."
        }
        Msg::CameraOnPhoneHint => {
            "Si su ordenador no tiene cámara, abra su enlace de verificación en el teléfono."
        }
        Msg::CameraFrameTitle => "La cámara no está disponible aquí",
        Msg::CameraFrameBody => {
            "La página en la que se muestra este servicio no le permite usar la cámara. Suba una \
             foto en su lugar o use su teléfono."
        }
        Msg::CameraFramePhone => {
            "Para usar la cámara de su teléfono, abra su enlace de verificación en el navegador del \
             teléfono."
        }
        Msg::HandoffTitle => "Continúe en su teléfono",
        Msg::HandoffIntro => {
            "Este paso necesita la cámara de un teléfono. Use su teléfono para hacerlo; esta \
             página le sigue y termina con usted."
        }
        Msg::HandoffStepCamera => "Abra la cámara de su teléfono.",
        Msg::HandoffStepScan => "Apunte a este código QR y abra el enlace que aparece.",
        Msg::HandoffStepFollow => {
            "Siga los pasos en su teléfono. Mantenga esta página abierta: se actualiza sola."
        }
        Msg::HandoffQrLabel => "Código QR con el enlace para su teléfono",
        Msg::HandoffLinkLabel => "O envíese este enlace",
        Msg::HandoffCopy => "Copiar enlace",
        Msg::HandoffCopied => "Enlace copiado",
        Msg::HandoffCopyFailed => "No se ha podido copiar: seleccione el enlace y cópielo usted.",
        Msg::HandoffPreparing => "Preparando su código QR…",
        Msg::HandoffExpired => "Este código QR ha caducado a los 10 minutos.",
        Msg::HandoffFailed => "No hemos podido preparar un código QR.",
        Msg::HandoffNewCode => "Mostrar un código QR nuevo",
        Msg::HandoffWaiting => "Esperando a su teléfono…",
        Msg::HandoffPhoneConnected => "Teléfono conectado",
        Msg::HandoffPhoneConnectedBody => "Continúe en su teléfono. Esta página le sigue.",
        Msg::HandoffPhoneQuiet => "No tenemos noticias de su teléfono",
        Msg::HandoffPhoneQuietBody => {
            "Si se cerró la página en su teléfono, escanee un código QR nuevo para seguir donde lo \
             dejó."
        }
        Msg::HandoffHere => "Continuar en este ordenador",
        Msg::HandoffHereHint => {
            "Este ordenador tiene cámara: puede usarla en lugar de un teléfono."
        }
        Msg::HandoffPhoneNote => {
            "Continúe aquí, en su teléfono. Su ordenador se actualizará solo."
        }
        Msg::HandoffUsedTitle => "Este enlace ya se ha usado",
        Msg::HandoffExpiredTitle => "Este enlace ha caducado",
        Msg::HandoffReplacedTitle => "Este enlace ha sido sustituido",
        Msg::HandoffRefusedBody => {
            "Muestre un código QR nuevo en su ordenador y escanéelo con este teléfono."
        }
        Msg::CaptureRefusedTitle => "Este enlace no se puede abrir aquí",
        Msg::CaptureRefusedBody => {
            "No lleva a este servicio de verificación. Vuelva al servicio que le envió aquí y pida \
             un enlace nuevo."
        }
        Msg::PageTitle => "Verificación de identidad",
        Msg::Language => "Idioma",
        Msg::LogoAlt => "Logotipo de {service}",
        Msg::StepProgress => "Paso {step} de {count}",
        Msg::CodeSentTo => "Código enviado a {masked}",
        Msg::ResendIn => "Podrá pedir un código nuevo en {seconds} s",
        Msg::SizeKb => "{size} KB",
        Msg::SizeMb => "{size} MB",
        Msg::FileSummary => "{name}, {size}",
        Msg::FileSummaryPages => "{name}, {size}, {pages}",
        Msg::PageOne => "1 página",
        Msg::PageMany => "{count} páginas",
        Msg::PdfCardLabel => "PDF, {pages}",
        Msg::UploadPercent => "{percent} %",
        Msg::NfcWaiting => {
            "Mantenga esta página abierta. Si {service} puede comprobar su identidad sin el chip, \
             esta página avanzará sola."
        }
        Msg::NfcApp => {
            "Si {service} tiene una aplicación móvil, ábrala en un teléfono con NFC y continúe allí \
             su verificación."
        }
        Msg::ReturningTo => "Volviendo a {service}…",
        Msg::ReturnNow => "Volver ahora a {service}",
        Msg::NewLinkFrom => "Vuelva a {service} y pida un enlace de verificación nuevo.",
        Msg::WelcomeIntroService => {
            "{service} le pide que confirme su identidad. Esto es lo que le espera."
        }
        Msg::HandoffProgressNamed => "{progress}: {name}",
        Msg::StepConsent => "Aceptar cómo se usan sus datos",
        Msg::StepDocument => "Fotografiar su documento de identidad",
        Msg::StepLiveness => "Hacerse un selfie",
        Msg::StepAddress => "Subir un justificante de domicilio",
        Msg::StepFunds => "Subir un justificante del origen de los fondos",
        Msg::StepPhone => "Confirmar su número de teléfono",
        Msg::StepEmail => "Confirmar su correo electrónico",
        Msg::StepNfc => "Leer el chip de su documento",
    }
}
