//! العربية (الفصحى المعاصرة؛ صيغ غير شخصية حيث أمكن، الأرقام اللاتينية كما في أغلب التطبيقات).

use super::Msg;

pub(super) fn text(msg: Msg) -> &'static str {
    match msg {
        Msg::LoadingTitle => "جارٍ التحضير",
        Msg::LoadingBody => "جارٍ تحميل عملية التحقق الخاصة بك. لن يستغرق ذلك سوى لحظة.",
        Msg::WelcomeTitle => "لنتحقق من هويتك",
        Msg::WelcomeIntro => "يُطلب منك تأكيد هويتك. إليك ما ستقوم به.",
        Msg::WelcomeStepsHeading => "الخطوات",
        Msg::WelcomeSessionLabel => "رقم عملية التحقق",
        Msg::NoSessionTitle => "تحتاج إلى رابط تحقق",
        Msg::NoSessionBody => "تعمل هذه الصفحة برابط من الجهة التي طلبت منك التحقق من هويتك.",
        Msg::NoSessionHint => {
            "ارجع إلى تطبيق تلك الجهة أو موقعها الإلكتروني واتبع الرابط للبدء، أو افتح الرابط \
             الذي أرسلته إليك برسالة نصية أو بالبريد الإلكتروني."
        }
        Msg::UnreachableTitle => "تعذّر الوصول إلى خدمة التحقق",
        Msg::UnreachableBody => "تأكد من اتصالك بالإنترنت، ثم أعد المحاولة.",
        Msg::UnexpectedTitle => "حدث خطأ ما",
        Msg::UnexpectedBody => "تعذّر تحميل عملية التحقق. يُرجى إعادة المحاولة.",
        Msg::Retry => "إعادة المحاولة",
        Msg::StatusLoading => "جارٍ تحميل عملية التحقق",
        Msg::StatusReady => "عملية التحقق جاهزة للبدء",
        Msg::WelcomeStart => "ابدأ",
        Msg::ConsentTitle => "قبل أن نبدأ",
        Msg::ConsentAgreeHeading => "باختيارك «أوافق»، فإنك توافق على ما يلي:",
        Msg::ConsentPointPhotos => {
            "تُستخدم صور وثيقة هويتك وصورة وجهك، والبيانات الواردة فيها، للتأكد من أنك الشخص \
             الذي تقول إنك هو؛"
        }
        Msg::ConsentPointData => {
            "تعالج خدمة التحقق هذه الصور والبيانات نيابةً عن الجهة التي أرسلتك، ولا تشاركها إلا \
             معها؛"
        }
        Msg::ConsentPointKeep => {
            "لا يُحتفظ بها إلا للمدة التي يسمح بها القانون وسياسة الخصوصية لتلك الجهة؛"
        }
        Msg::ConsentPointRefuse => "يمكنك الرفض: لن يُجمع أي شيء، وستعود إلى الجهة التي أرسلتك.",
        Msg::ConsentAccept => "أوافق",
        Msg::ConsentReject => "لا أوافق",
        Msg::Sending => "جارٍ إرسال إجابتك…",
        Msg::ActionFailed => "تعذّر إرسال إجابتك. تأكد من اتصالك بالإنترنت، ثم أعد المحاولة.",
        Msg::CheckAgain => "التحقق مرة أخرى",
        Msg::CompletedTitle => "شكرًا لك، لدينا كل ما نحتاج إليه",
        Msg::CompletedBody => "نحن نراجع معلوماتك. يستغرق ذلك عادةً لحظة فقط.",
        Msg::SuccessfulTitle => "تم التحقق من هويتك",
        Msg::SuccessfulBody => "شكرًا لك. تم تأكيد هويتك.",
        Msg::RejectedTitle => "تعذّر التحقق من هويتك",
        Msg::RejectedBody => {
            "قد يحدث هذا عندما تكون الصورة غير واضحة أو تكون الوثيقة منتهية الصلاحية. ستخبرك \
             الجهة التي أرسلتك بما يمكنك فعله بعد ذلك."
        }
        Msg::CancelTitle => "تم إلغاء عملية التحقق",
        Msg::CancelBody => {
            "لن يُجمع أي شيء آخر. يمكنك البدء من جديد من خلال الجهة التي أرسلتك متى كنت مستعدًا."
        }
        Msg::CloseWindow => "يمكنك إغلاق هذه النافذة الآن.",
        Msg::UnsupportedTitle => "هذه الخطوة غير مدعومة هنا",
        Msg::UnsupportedBody => {
            "طلبت خدمة التحقق خطوة لا يعرفها هذا الإصدار من التطبيق. تحقق مرة أخرى بعد قليل، أو \
             عد إلى رابطك لاحقًا: تقدّمك محفوظ."
        }
        Msg::ExpiredTitle => "انتهت صلاحية هذا الرابط",
        Msg::ExpiredBody => {
            "حفاظًا على أمانك، تعمل روابط التحقق لمدة محدودة. لن يضيع شيء مما أنجزته."
        }
        Msg::InvalidTitle => "هذا الرابط غير صالح",
        Msg::InvalidBody => "قد يكون الرابط ناقصًا أو استُبدل برابط أحدث. لن يضيع شيء مما أنجزته.",
        Msg::LostTitle => "فقدنا أثر عملية التحقق الخاصة بك",
        Msg::LostBody => {
            "لم تعد علامة التبويب هذه تحتوي على عملية التحقق. افتح الرابط الذي وصلك مرة أخرى: \
             تقدّمك محفوظ."
        }
        Msg::ConnectionProblem => {
            "نواجه صعوبة في الوصول إلى خدمة التحقق. نواصل المحاولة، ولن يضيع شيء مما أنجزته."
        }
        Msg::CrashTitle => "حدث خطأ ما",
        Msg::CrashBody => {
            "واجهت هذه الصفحة مشكلة لا تستطيع التعافي منها. أعد تحميلها للمتابعة: ما أرسلته \
             بالفعل محفوظ."
        }
        Msg::CrashReload => "إعادة تحميل الصفحة",
        Msg::UnknownService => "الجهة التي أرسلتك",
        Msg::DocumentFrontTitle => "صوّر الوجه الأمامي لبطاقة هويتك",
        Msg::DocumentBackTitle => "والآن الوجه الخلفي لبطاقة هويتك",
        Msg::DocumentHint => {
            "ضع البطاقة على سطح داكن وسادة اللون واجعلها داخل الإطار. تُلتقط الصورة تلقائيًا \
             عندما تصبح واضحة."
        }
        Msg::StartingCamera => "جارٍ تشغيل الكاميرا…",
        Msg::GuidanceOk => "اثبت في مكانك…",
        Msg::GuidanceBlurry => "ثبّت الهاتف: الصورة غير واضحة",
        Msg::GuidanceDark => "ابحث عن إضاءة أفضل",
        Msg::GuidanceGlare => "أمِل البطاقة قليلًا لتجنّب الانعكاس",
        Msg::GuidanceTooFar => "اقترب حتى تملأ البطاقة الإطار",
        Msg::GuidanceCutOff => "اجعل البطاقة كلها داخل الإطار",
        Msg::GuidanceNoDocument => "ضع بطاقة هويتك داخل الإطار",
        Msg::Shutter => "التقاط الصورة",
        Msg::TakingPhoto => "جارٍ التقاط الصورة…",
        Msg::UploadInstead => "تحميل صورة بدلًا من ذلك",
        Msg::PreviewTitle => "راجع صورتك",
        Msg::PreviewHint => "تأكد من أن كل النص واضح ومقروء ولا يوجد انعكاس.",
        Msg::PreviewAlt => "صورة وثيقتك التي ستُرسلها",
        Msg::PagePreviewAlt => "الصفحة الأولى من الوثيقة التي ستُرسلها",
        Msg::PdfKind => "PDF",
        Msg::DocumentUploading => "جارٍ إرسال وثيقتك…",
        Msg::DocumentUploadRetrying => "لم تصل وثيقتك. جارٍ إعادة المحاولة…",
        Msg::DocumentUploadFailedTitle => "لم تُرسل وثيقتك",
        Msg::DocumentUploadFailedBody => {
            "تعذّر الوصول إلى خدمة التحقق. وثيقتك محفوظة: تأكد من اتصالك بالإنترنت وأعد المحاولة."
        }
        Msg::DocumentRefusedBody => {
            "تعذّر على خدمة التحقق استخدام هذا الملف. اختر ملفًا آخر، أو التقط صورة للوثيقة."
        }
        Msg::DocumentUploaded => "تم إرسال الوثيقة",
        Msg::DocumentEmpty => "هذا الملف فارغ. اختره مرة أخرى، أو التقط صورة للوثيقة.",
        Msg::DocumentTooLarge => {
            "حجم هذا الملف أكبر من 10 ميغابايت. أرسل الصفحات المهمة فقط، أو التقط صورة للوثيقة."
        }
        Msg::Retake => "إعادة الالتقاط",
        Msg::UsePhoto => "استخدام هذه الصورة",
        Msg::Uploading => "جارٍ إرسال صورتك…",
        Msg::UploadRetrying => "لم تصل صورتك. جارٍ إعادة المحاولة…",
        Msg::UploadFailedTitle => "لم تُرسل صورتك",
        Msg::UploadFailedBody => {
            "تعذّر الوصول إلى خدمة التحقق. صورتك محفوظة: تأكد من اتصالك بالإنترنت وأعد المحاولة."
        }
        Msg::UploadRefusedBody => {
            "لا يمكن استخدام هذه الصورة. يُرجى التقاط صورة جديدة أو اختيار ملف آخر."
        }
        Msg::Uploaded => "تم إرسال الصورة",
        Msg::FileTooLarge => "حجم هذا الملف أكبر من 10 ميغابايت. اختر صورة أصغر.",
        Msg::FileEmpty => "هذا الملف فارغ. اختر صورة أخرى.",
        Msg::FileUnreadable => {
            "لا يستطيع هذا المتصفح قراءة هذا الملف. اختر صورة بصيغة JPEG أو PNG، أو التقط صورة."
        }
        Msg::CameraDeniedTitle => "الوصول إلى الكاميرا محظور",
        Msg::CameraDeniedBody => "لتصوير بطاقة هويتك هنا، تحتاج هذه الصفحة إلى الكاميرا.",
        Msg::CameraDeniedHowTo => {
            "انقر على رمز الكاميرا أو القفل بجوار العنوان، واسمح باستخدام الكاميرا لهذا الموقع، \
             ثم أعد المحاولة. يمكنك أيضًا تحميل صورة لبطاقة هويتك بدلًا من ذلك."
        }
        Msg::CameraNotFoundTitle => "لم يتم العثور على كاميرا",
        Msg::CameraNotFoundBody => {
            "لا يحتوي هذا الجهاز على كاميرا يمكننا استخدامها. حمّل صورة لبطاقة هويتك بدلًا من \
             ذلك، أو افتح رابطك على هاتف."
        }
        Msg::CameraBusyTitle => "الكاميرا قيد الاستخدام",
        Msg::CameraBusyBody => {
            "يستخدم تطبيق آخر أو علامة تبويب أخرى الكاميرا. أغلقه ثم أعد المحاولة، أو حمّل صورة \
             بدلًا من ذلك."
        }
        Msg::CameraUnsupportedTitle => "لا يستطيع هذا المتصفح استخدام الكاميرا",
        Msg::CameraUnsupportedBody => {
            "افتح رابط التحقق في متصفح محدّث مثل Safari أو Chrome أو Firefox، أو حمّل صورة بدلًا \
             من ذلك."
        }
        Msg::PdfEncrypted => {
            "ملف PDF هذا محمي بكلمة مرور، لذا لا يمكن فحصه. احفظ نسخة دون كلمة مرور (طباعة، ثم \
             الحفظ بصيغة PDF) أو التقط صورة للوثيقة بدلًا من ذلك."
        }
        Msg::PdfTooManyPages => {
            "يحتوي ملف PDF هذا على أكثر من 20 صفحة. حمّل فقط الصفحات التي تحمل اسمك وعنوانك."
        }
        Msg::ImageTooSmall => "هذه الصورة أصغر من أن تُقرأ. التقط صورة من مسافة أقرب.",
        Msg::DocumentUnsupported => "اختر ملفًا بصيغة PDF أو JPEG أو PNG.",
        Msg::DocumentDamaged => "يبدو أن هذا الملف تالف أو ناقص. نزّله مرة أخرى، أو التقط صورة له.",
        Msg::AddressTitle => "حمّل إثباتًا للعنوان",
        Msg::AddressHint => {
            "فاتورة خدمات أو كشف حساب بنكي أو خطاب رسمي من آخر 3 أشهر يظهر فيه اسمك وعنوانك. \
             بصيغة PDF أو JPEG أو PNG، وبحجم أقصاه 10 ميغابايت."
        }
        Msg::FundsTitle => "حمّل إثباتًا لمصدر الأموال",
        Msg::FundsHint => {
            "كشف حساب بنكي حديث أو قسيمة راتب أو وثيقة مماثلة تُبيّن مصدر أموالك. بصيغة PDF أو \
             JPEG أو PNG، وبحجم أقصاه 10 ميغابايت."
        }
        Msg::ChooseFile => "اختر ملفًا",
        Msg::DropHere => "أو أفلته هنا",
        Msg::TakePhotoOfIt => "التقط صورة له",
        Msg::Replace => "استبدال",
        Msg::SendDocument => "إرسال هذه الوثيقة",
        Msg::DocumentPreviewTitle => "راجع وثيقتك",
        Msg::PhoneTitle => "أكّد رقم هاتفك",
        Msg::PhoneHint => "سنرسل إليك رمزًا من 6 أرقام برسالة نصية.",
        Msg::Country => "الدولة",
        Msg::PhoneNumber => "رقم الهاتف",
        Msg::SendCode => "إرسال الرمز",
        Msg::EmailTitle => "أكّد عنوان بريدك الإلكتروني",
        Msg::EmailHint => "سنرسل رمزًا من 6 أرقام إلى هذا العنوان.",
        Msg::EmailAddress => "عنوان البريد الإلكتروني",
        Msg::CodeLabel => "رمز من 6 أرقام",
        Msg::CodeHint => "أدخل الرمز الذي أرسلناه؛ وهو صالح لمدة 10 دقائق.",
        Msg::Verify => "تأكيد",
        Msg::Resend => "إرسال رمز جديد",
        Msg::ChangePhone => "تغيير الرقم",
        Msg::ChangeEmail => "تغيير العنوان",
        Msg::CodeInvalid => "هذا الرمز غير صحيح. تحقق منه وأعد المحاولة.",
        Msg::CodeExpired => "انتهت صلاحية هذا الرمز. اطلب رمزًا جديدًا.",
        Msg::TooManyAttempts => "أُدخلت رموز خاطئة كثيرة. اطلب رمزًا جديدًا لتعيد المحاولة.",
        Msg::RateLimited => "أُرسلت رموز كثيرة. يُرجى الانتظار قبل طلب رمز آخر.",
        Msg::LivenessTitle => "التقط صورة ذاتية قصيرة",
        Msg::LivenessIntro => {
            "سنطلب منك النظر إلى الكاميرا وإدارة رأسك قليلًا، للتأكد من أنك أنت فعلًا. يستغرق \
             ذلك نحو عشر ثوانٍ. انزع النظارة الشمسية واحرص على وجود إضاءة كافية."
        }
        Msg::LivenessStart => "بدء الصورة الذاتية",
        Msg::LivenessAssisted => "لا أستطيع التقاط صورة ذاتية: طلب التحقق بالمساعدة",
        Msg::LivenessRefused => {
            "تعذّر استخدام هذه الصور. يُرجى إعادة المحاولة مع النظر إلى الكاميرا في إضاءة جيدة."
        }
        Msg::LookStraight => "انظر مباشرة إلى الكاميرا",
        Msg::TurnLeft => "أدر رأسك ببطء نحو اليسار",
        Msg::TurnRight => "أدر رأسك ببطء نحو اليمين",
        Msg::FacePlace => "ضع وجهك داخل الشكل البيضاوي. تبدأ الصورة الذاتية تلقائيًا.",
        Msg::FaceOk => "هكذا تمامًا. اثبت في مكانك…",
        Msg::FaceNoFace => "لا نرى وجهًا بعد. انظر إلى الشاشة ووجهك داخل الشكل البيضاوي.",
        Msg::FaceMultiple => "نرى أكثر من وجه. يجب أن تكون وحدك في الصورة.",
        Msg::FaceTooClose => "قريب جدًا. أبعِد الهاتف قليلًا.",
        Msg::FaceTooFar => "بعيد جدًا. قرّب الهاتف قليلًا.",
        Msg::FaceOffCentre => "تحرّك حتى يكون وجهك في منتصف الشكل البيضاوي.",
        Msg::FaceDark => "الإضاءة خافتة جدًا. ابحث عن إضاءة أفضل أو واجِه نافذة.",
        Msg::LivenessAnyway => "بدء الصورة الذاتية على أي حال",
        Msg::LivenessAnywayHint => {
            "لا يتعرّف الإرشاد على الوجه دائمًا. يمكنك البدء على أي حال: سيراجع شخصٌ الصور عند \
             الحاجة."
        }
        Msg::WaitBeforeResend => {
            "أُرسل رمز قبل لحظات. انتظر حتى ينتهي العد التنازلي لتطلب رمزًا جديدًا."
        }
        Msg::PhoneInvalid => "لا يبدو هذا رقم هاتف. تحقق من الدولة والرقم.",
        Msg::EmailInvalid => "لا يبدو هذا عنوان بريد إلكتروني.",
        Msg::NfcTitle => "شريحة وثيقتك",
        Msg::NfcBody => {
            "تقرأ هذه الخطوة الشريحة الموجودة في جواز سفرك أو بطاقة هويتك. لا يستطيع متصفح الويب \
             فعل ذلك، بل تطبيق هاتف يستخدم تقنية NFC فقط. لن يضيع شيء مما أنجزته حتى الآن."
        }
        Msg::NfcWaysHeading => "ما يمكنك فعله",
        Msg::CameraInAppTitle => "افتح هذه الصفحة في متصفحك",
        Msg::CameraInAppBody => {
            "التطبيق الذي فتحت فيه هذا الرابط لا يسمح للصفحات باستخدام الكاميرا. استخدم قائمته \
             (غالبًا ⋯ أو ↗) لفتح الصفحة في Safari أو Chrome، أو حمّل صورة بدلًا من ذلك."
        }
        Msg::CameraOnPhoneHint => {
            "إذا كان حاسوبك بلا كاميرا، فافتح رابط التحقق على هاتفك بدلًا من ذلك."
        }
        Msg::HandoffTitle => "تابع على هاتفك",
        Msg::HandoffIntro => {
            "تحتاج هذه الخطوة إلى كاميرا هاتف. استخدم هاتفك لإتمامها؛ وستتابع هذه الصفحة تقدّمك \
             وتنتهي معك."
        }
        Msg::HandoffStepCamera => "افتح الكاميرا على هاتفك.",
        Msg::HandoffStepScan => "وجّهها نحو رمز QR هذا وافتح الرابط الذي يظهر.",
        Msg::HandoffStepFollow => {
            "اتبع الخطوات على هاتفك. أبقِ هذه الصفحة مفتوحة: فهي تتحدّث تلقائيًا."
        }
        Msg::HandoffQrLabel => "رمز QR يحمل الرابط الخاص بهاتفك",
        Msg::HandoffLinkLabel => "أو أرسل هذا الرابط إلى نفسك",
        Msg::HandoffCopy => "نسخ الرابط",
        Msg::HandoffCopied => "تم نسخ الرابط",
        Msg::HandoffCopyFailed => "تعذّر النسخ: حدّد الرابط وانسخه بنفسك.",
        Msg::HandoffPreparing => "جارٍ تجهيز رمز QR…",
        Msg::HandoffExpired => "انتهت صلاحية رمز QR هذا بعد 10 دقائق.",
        Msg::HandoffFailed => "تعذّر تجهيز رمز QR.",
        Msg::HandoffNewCode => "عرض رمز QR جديد",
        Msg::HandoffWaiting => "في انتظار هاتفك…",
        Msg::HandoffPhoneConnected => "الهاتف متصل",
        Msg::HandoffPhoneConnectedBody => "تابع على هاتفك. هذه الصفحة تتابع تقدّمك.",
        Msg::HandoffPhoneQuiet => "لم يصلنا شيء من هاتفك",
        Msg::HandoffPhoneQuietBody => {
            "إذا أُغلقت الصفحة على هاتفك، فامسح رمز QR جديدًا لتتابع من حيث توقفت."
        }
        Msg::HandoffHere => "المتابعة على هذا الحاسوب بدلًا من ذلك",
        Msg::HandoffHereHint => "لهذا الحاسوب كاميرا: يمكنك استخدامها بدلًا من الهاتف.",
        Msg::HandoffPhoneNote => "تابع هنا على هاتفك. سيتحدّث حاسوبك تلقائيًا.",
        Msg::HandoffUsedTitle => "استُخدم هذا الرابط من قبل",
        Msg::HandoffExpiredTitle => "انتهت صلاحية هذا الرابط",
        Msg::HandoffReplacedTitle => "استُبدل هذا الرابط",
        Msg::HandoffRefusedBody => "اعرض رمز QR جديدًا على حاسوبك وامسحه بهذا الهاتف.",
        Msg::CaptureRefusedTitle => "لا يمكن فتح هذا الرابط هنا",
        Msg::CaptureRefusedBody => {
            "لا يؤدي هذا الرابط إلى خدمة التحقق هذه. ارجع إلى الجهة التي أرسلتك واطلب رابطًا \
             جديدًا."
        }
        Msg::PageTitle => "التحقق من الهوية",
        Msg::Language => "اللغة",
        Msg::LogoAlt => "شعار {service}",
        Msg::StepProgress => "الخطوة {step} من {count}",
        Msg::CodeSentTo => "أُرسل الرمز إلى {masked}",
        Msg::ResendIn => "يمكنك طلب رمز جديد بعد {seconds} ث",
        Msg::SizeKb => "{size} كيلوبايت",
        Msg::SizeMb => "{size} ميغابايت",
        Msg::FileSummary => "{name}، {size}",
        Msg::FileSummaryPages => "{name}، {size}، {pages}",
        Msg::PageOne => "صفحة واحدة",
        Msg::PageMany => "عدد الصفحات: {count}",
        Msg::PdfCardLabel => "PDF، {pages}",
        Msg::UploadPercent => "{percent}٪",
        Msg::NfcWaiting => {
            "أبقِ هذه الصفحة مفتوحة. إذا استطاعت {service} التحقق من هويتك دون الشريحة، فستنتقل \
             هذه الصفحة تلقائيًا."
        }
        Msg::NfcApp => {
            "إذا كان لدى {service} تطبيق للهاتف، فافتحه على هاتف يدعم NFC وتابع عملية التحقق \
             هناك."
        }
        Msg::ReturningTo => "جارٍ إعادتك إلى {service}…",
        Msg::ReturnNow => "العودة إلى {service} الآن",
        Msg::NewLinkFrom => "ارجع إلى {service} واطلب رابط تحقق جديدًا.",
        Msg::WelcomeIntroService => "تطلب منك {service} تأكيد هويتك. إليك ما ستقوم به.",
        Msg::HandoffProgressNamed => "{progress} — {name}",
        Msg::StepConsent => "الموافقة على طريقة استخدام بياناتك",
        Msg::StepDocument => "تصوير وثيقة هويتك",
        Msg::StepLiveness => "التقاط صورة ذاتية",
        Msg::StepAddress => "تحميل إثبات العنوان",
        Msg::StepFunds => "تحميل إثبات مصدر الأموال",
        Msg::StepPhone => "تأكيد رقم هاتفك",
        Msg::StepEmail => "تأكيد عنوان بريدك الإلكتروني",
        Msg::StepNfc => "قراءة شريحة وثيقتك",
    }
}
