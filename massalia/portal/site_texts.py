"""The shipped texts of the site's information pages, by page and language: (title, text) in
the syntax of `site_pages.SYNTAX`. The city replaces any of them in the admin."""

from __future__ import annotations

ACCESSIBILITY_FR = """\
La Ville de {city} s'engage à rendre ses services en ligne accessibles, conformément à
l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration s'applique au site
{site}.

## État de conformité
Le site est non conforme au référentiel général d'amélioration de l'accessibilité (RGAA),
version 4.1 : aucun audit complet de ses critères n'a encore été réalisé. C'est la mention
que le RGAA demande tant que cet audit manque ; elle sera mise à jour après lui.

## Résultats des tests
Faute d'audit, aucun taux de conformité n'est publié. Chaque version de la plateforme passe
des tests automatiques :
- les pages des démarches, des signalements, de la participation et de l'aide sont ouvertes
  dans un vrai navigateur, sur un écran de téléphone, avec et sans JavaScript ;
- l'outil axe-core y vérifie les règles qu'il sait contrôler : aucune violation grave ou
  critique n'est acceptée ;
- chaque page doit rester sous 150 Ko et se lire dans les trois langues du site.
Ces tests ne couvrent qu'une partie des 106 critères du RGAA.

## Contenus non accessibles
- Les cartes interactives : chaque carte a une alternative en texte (liste ou description)
  qui donne les mêmes informations.
- Les documents joints par les usagers ou les services (PDF, photos) ne sont pas vérifiés.

## Technologies utilisées
HTML, CSS ; JavaScript n'est jamais nécessaire pour accomplir une démarche.

## Environnement de test
Navigateur Chromium piloté par Playwright, avec axe-core ; écrans de 390 × 844 et de
1280 × 900 pixels.

## Retour d'information et contact
Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez à {contact} : la Ville
vous orientera vers une alternative accessible ou vous donnera le contenu sous une autre
forme. Un médiateur peut aussi faire la démarche avec vous (rubrique « Aide »).

## Voies de recours
Si vous avez signalé un défaut d'accessibilité sans obtenir de réponse satisfaisante, vous
pouvez saisir le Défenseur des droits :
- par son formulaire en ligne : https://formulaire.defenseurdesdroits.fr/
- auprès d'un de ses délégués : https://www.defenseurdesdroits.fr/saisir/delegues
- par courrier gratuit, sans timbre : Défenseur des droits, Libre réponse 71120, 75342 Paris
  CEDEX 07.

## Établissement de cette déclaration
Déclaration établie le 4 décembre 2026 à partir des tests automatiques décrits ci-dessus.
"""

ACCESSIBILITY_EN = """\
The City of {city} undertakes to make its online services accessible, under article 47 of
French law no. 2005-102 of 11 February 2005. This statement applies to the site {site}.

## Compliance status
The site is not compliant with the French accessibility framework (RGAA), version 4.1: no full
audit of its criteria has been carried out yet. This is the wording the RGAA requires until
such an audit exists; it will be updated after it.

## Test results
Without an audit, no compliance rate is published. Every version of the platform passes
automated tests:
- the pages of procedures, reports, participation and help are opened in a real browser, on
  a phone screen, with and without JavaScript;
- the axe-core tool checks the rules it can check: no serious or critical violation is
  accepted;
- every page must stay under 150 KB and read in the site's three languages.
These tests cover only part of the RGAA's 106 criteria.

## Non-accessible content
- Interactive maps: each map has a text alternative (a list or a description) giving the same
  information.
- Documents attached by residents or departments (PDFs, photos) are not checked.

## Technologies used
HTML, CSS; JavaScript is never needed to complete a procedure.

## Test environment
Chromium driven by Playwright, with axe-core; screens of 390 × 844 and 1280 × 900 pixels.

## Feedback and contact
If you cannot reach some content or service, write to {contact}: the City will point you to an
accessible alternative or give you the content in another form. A mediator can also complete
the procedure with you (see "Help").

## Remedies
If you reported an accessibility defect without a satisfactory answer, you may refer the
matter to the Défenseur des droits (the French rights ombudsman):
- through its online form: https://formulaire.defenseurdesdroits.fr/
- through one of its local delegates: https://www.defenseurdesdroits.fr/saisir/delegues
- by free post, no stamp needed: Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX
  07.

## How this statement was made
Statement made on 4 December 2026 from the automated tests described above.
"""

ACCESSIBILITY_AR = """\
تلتزم مدينة {city} بجعل خدماتها الإلكترونية في متناول الجميع، وفقًا للمادة 47 من القانون
الفرنسي رقم 2005-102 المؤرخ في 11 فبراير 2005. يسري هذا التصريح على الموقع {site}.

## حالة المطابقة
الموقع غير مطابق للمرجع العام لتحسين إمكانية الوصول (RGAA)، الإصدار 4.1: لم يُجرَ بعدُ أي تدقيق
كامل لمعاييره. هذه هي العبارة التي يفرضها المرجع ما دام التدقيق غائبًا، وستُحدَّث بعده.

## نتائج الاختبارات
في غياب التدقيق، لا تُنشر أي نسبة مطابقة. يخضع كل إصدار من المنصة لاختبارات آلية:
- تُفتح صفحات الإجراءات والبلاغات والمشاركة والمساعدة في متصفح حقيقي، على شاشة هاتف، مع
  JavaScript ودونه؛
- تتحقق أداة axe-core من القواعد التي تستطيع فحصها: لا يُقبل أي خرق خطير أو حرج؛
- يجب أن تبقى كل صفحة دون 150 كيلوبايت وأن تُقرأ بلغات الموقع الثلاث.
لا تغطي هذه الاختبارات إلا جزءًا من معايير المرجع البالغ عددها 106.

## محتويات غير متاحة
- الخرائط التفاعلية: لكل خريطة بديل نصي (قائمة أو وصف) يقدم المعلومات نفسها.
- الوثائق التي يرفقها السكان أو المصالح (ملفات PDF، صور) لا يتم فحصها.

## التقنيات المستعملة
HTML وCSS؛ لا يلزم JavaScript أبدًا لإتمام أي إجراء.

## بيئة الاختبار
متصفح Chromium يقوده Playwright، مع axe-core؛ شاشات بحجم 390 × 844 و1280 × 900 بكسل.

## الملاحظات والتواصل
إذا تعذر عليك الوصول إلى محتوى أو خدمة، اكتب إلى {contact}: ستوجهك المدينة إلى بديل متاح أو
تقدم لك المحتوى بشكل آخر. يمكن لوسيط أيضًا أن يقوم بالإجراء معك (قسم «المساعدة»).

## سبل الطعن
إذا أبلغت عن خلل في إمكانية الوصول دون أن تحصل على رد مُرضٍ، يمكنك اللجوء إلى المدافع عن
الحقوق (Défenseur des droits):
- عبر استمارته الإلكترونية: https://formulaire.defenseurdesdroits.fr/
- لدى أحد مندوبيه: https://www.defenseurdesdroits.fr/saisir/delegues
- برسالة مجانية دون طابع: Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.

## إعداد هذا التصريح
أُعدّ هذا التصريح في 4 ديسمبر 2026 انطلاقًا من الاختبارات الآلية الموصوفة أعلاه.
"""

LEGAL_FR = """\
## Éditeur
Le site {site} est édité par la Ville de {city}. Le directeur ou la directrice de la
publication est le maire ou la maire de {city}. Contact : {contact}.

## Hébergement
L'hébergeur (nom, adresse, téléphone) est indiqué ici par la Ville lors de la mise en service,
comme le demande l'article 6 de la loi n° 2004-575 du 21 juin 2004.

## Logiciel
Le site fonctionne avec Massalia, un logiciel libre : chacun peut en lire, en utiliser et en
améliorer le code.

## Contenus
Les textes, photos et contributions publiés par les usagers restent sous leur responsabilité
(voir les conditions d'utilisation). Les données ouvertes publiées dans la rubrique
« Données » portent chacune leur licence.

## Données personnelles
Voir la page « Données personnelles ».
"""

LEGAL_EN = """\
## Publisher
The site {site} is published by the City of {city}. The director of publication is the mayor
of {city}. Contact: {contact}.

## Hosting
The host (name, address, telephone) is stated here by the City when the service opens, as
article 6 of French law no. 2004-575 of 21 June 2004 requires.

## Software
The site runs on Massalia, free software: anyone may read, use and improve its code.

## Content
Texts, photos and contributions published by residents remain their authors' responsibility
(see the terms of use). Each open dataset published under "Data" carries its own licence.

## Personal data
See the "Personal data" page.
"""

LEGAL_AR = """\
## الناشر
تنشر مدينة {city} الموقع {site}. مدير النشر هو عمدة {city}. للتواصل: {contact}.

## الاستضافة
تذكر المدينة هنا الجهة المستضيفة (الاسم والعنوان والهاتف) عند تشغيل الخدمة، كما تنص على ذلك
المادة 6 من القانون الفرنسي رقم 2004-575 المؤرخ في 21 يونيو 2004.

## البرنامج
يعمل الموقع ببرنامج Massalia، وهو برنامج حر: يمكن لأي شخص قراءة شيفرته واستعمالها وتحسينها.

## المحتويات
تبقى النصوص والصور والمساهمات التي ينشرها السكان تحت مسؤولية أصحابها (انظر شروط الاستعمال).
لكل مجموعة بيانات مفتوحة منشورة في قسم «البيانات» رخصتها الخاصة.

## المعطيات الشخصية
انظر صفحة «المعطيات الشخصية».
"""

TERMS_FR = """\
## À quoi sert le site
Le site {site} permet aux habitants de {city} de signaler un problème dans l'espace public,
de faire leurs démarches, de participer aux consultations et de suivre les réponses de la
Ville.

## Ce n'est pas un service d'urgence
Pour une urgence, appelez le 112, le 15 (SAMU), le 17 (police) ou le 18 (pompiers). Un
signalement n'est lu qu'aux heures d'ouverture des services.

## Votre compte
Un compte est personnel. Vous pouvez télécharger vos données ou supprimer votre compte à tout
moment depuis « Mon compte ».

## Vos contributions
Les signalements, photos, propositions et commentaires publics sont visibles de tous, sans vos
coordonnées. Ils doivent respecter la loi et les personnes : pas d'injure, de propos
discriminatoires, de données personnelles d'autrui ni de publicité. La Ville peut masquer une
contribution qui ne respecte pas ces règles, en disant pourquoi ; vous pouvez en demander le
réexamen à {contact}.

## Disponibilité
La Ville fait en sorte que le site reste disponible, mais une interruption reste possible
(maintenance, panne). Les délais annoncés courent en jours ouvrés des services.
"""

TERMS_EN = """\
## What the site is for
The site {site} lets the residents of {city} report a problem in public space, complete their
procedures, take part in consultations and follow the City's answers.

## It is not an emergency service
In an emergency, call 112, 15 (ambulance), 17 (police) or 18 (fire brigade). A report is only
read during the departments' opening hours.

## Your account
An account is personal. You can download your data or delete your account at any time from
"My account".

## Your contributions
Public reports, photos, proposals and comments are visible to all, without your contact
details. They must respect the law and people: no insults, no discrimination, no one else's
personal data, no advertising. The City may hide a contribution that breaks these rules,
saying why; you may ask for a review at {contact}.

## Availability
The City keeps the site available, but an interruption remains possible (maintenance,
failure). Announced delays count in the departments' working days.
"""

TERMS_AR = """\
## الغرض من الموقع
يتيح الموقع {site} لسكان {city} الإبلاغ عن مشكلة في الفضاء العام، وإنجاز إجراءاتهم، والمشاركة
في الاستشارات، ومتابعة ردود المدينة.

## ليس خدمة طوارئ
في حالة الطوارئ، اتصل بالرقم 112 أو 15 (الإسعاف) أو 17 (الشرطة) أو 18 (الإطفاء). لا يُقرأ
البلاغ إلا في ساعات عمل المصالح.

## حسابك
الحساب شخصي. يمكنك تنزيل معطياتك أو حذف حسابك في أي وقت من «حسابي».

## مساهماتك
البلاغات والصور والمقترحات والتعليقات العمومية مرئية للجميع، دون بيانات الاتصال الخاصة بك. يجب
أن تحترم القانون والأشخاص: لا شتائم، ولا تمييز، ولا معطيات شخصية للآخرين، ولا إشهار. يمكن
للمدينة إخفاء مساهمة لا تحترم هذه القواعد مع بيان السبب؛ ويمكنك طلب إعادة النظر عبر {contact}.

## التوفر
تحرص المدينة على بقاء الموقع متاحًا، لكن الانقطاع يظل ممكنًا (صيانة، عطل). تُحسب الآجال
المعلنة بأيام عمل المصالح.
"""

DATA_FR = """\
## Qui traite vos données
La Ville de {city} est responsable des traitements du site {site}. Son délégué à la
protection des données répond à {privacy}.

## Pourquoi
Pour instruire vos signalements et vos démarches, vous répondre, organiser les consultations
et en publier les résultats : des missions d'intérêt public de la commune, et des obligations
légales pour les démarches (inscription scolaire, crèche, titres d'identité). Le baromètre de
la ville compte les sujets et les lieux, sans profil de personne.

## Combien de temps
Chaque catégorie de données est supprimée ou rendue anonyme au terme de sa durée, tous les
jours ; les durées en vigueur sont dans le tableau ci-dessous.

## Vos droits
Vous pouvez accéder à vos données, les faire rectifier ou effacer, vous opposer à un
traitement ou en demander la limitation :
- « Mon compte » permet de télécharger toutes vos données et de supprimer votre compte ;
- pour tout le reste, écrivez à {privacy}.
Si la réponse ne vous satisfait pas, vous pouvez adresser une réclamation à la CNIL :
https://www.cnil.fr/fr/plaintes
"""

DATA_EN = """\
## Who processes your data
The City of {city} is the controller of the processing of the site {site}. Its data
protection officer answers at {privacy}.

## Why
To handle your reports and procedures, answer you, run consultations and publish their
results: public-interest tasks of the commune, and legal obligations for procedures (school
enrolment, nursery, identity documents). The city's barometer counts subjects and places,
without profiling anyone.

## For how long
Each category of data is deleted or made anonymous at the end of its period, every day; the
periods in force are in the table below.

## Your rights
You may access your data, have it corrected or erased, object to a processing or ask for its
restriction:
- "My account" lets you download all your data and delete your account;
- for everything else, write to {privacy}.
If the answer does not satisfy you, you may lodge a complaint with the CNIL:
https://www.cnil.fr/fr/plaintes
"""

DATA_AR = """\
## من يعالج معطياتك
مدينة {city} هي المسؤولة عن معالجة معطيات الموقع {site}. يجيب مندوب حماية المعطيات لديها على
العنوان {privacy}.

## لماذا
لمعالجة بلاغاتك وإجراءاتك والرد عليك وتنظيم الاستشارات ونشر نتائجها: وهي مهام للبلدية تخدم
المصلحة العامة، والتزامات قانونية بالنسبة للإجراءات (التسجيل المدرسي، دار الحضانة، وثائق
الهوية). يحصي مقياس المدينة المواضيع والأماكن دون بناء ملف عن أي شخص.

## إلى متى
تُحذف كل فئة من المعطيات أو تصبح مجهولة الهوية عند انتهاء مدتها، كل يوم؛ والمدد السارية مذكورة
في الجدول أدناه.

## حقوقك
يمكنك الاطلاع على معطياتك وتصحيحها أو محوها، والاعتراض على معالجة أو طلب تقييدها:
- يتيح «حسابي» تنزيل جميع معطياتك وحذف حسابك؛
- ولكل ما عدا ذلك، اكتب إلى {privacy}.
إذا لم يرضك الرد، يمكنك تقديم شكوى إلى اللجنة الوطنية للمعلوميات والحريات (CNIL):
https://www.cnil.fr/fr/plaintes
"""

DEFAULTS: dict[str, dict[str, tuple[str, str]]] = {
    "accessibilite": {
        "fr": ("Déclaration d'accessibilité", ACCESSIBILITY_FR),
        "en": ("Accessibility statement", ACCESSIBILITY_EN),
        "ar": ("تصريح إمكانية الوصول", ACCESSIBILITY_AR),
    },
    "mentions": {
        "fr": ("Mentions légales", LEGAL_FR),
        "en": ("Legal notice", LEGAL_EN),
        "ar": ("البيانات القانونية", LEGAL_AR),
    },
    "conditions": {
        "fr": ("Conditions d'utilisation", TERMS_FR),
        "en": ("Terms of use", TERMS_EN),
        "ar": ("شروط الاستعمال", TERMS_AR),
    },
    "donnees": {
        "fr": ("Données personnelles", DATA_FR),
        "en": ("Personal data", DATA_EN),
        "ar": ("المعطيات الشخصية", DATA_AR),
    },
}
