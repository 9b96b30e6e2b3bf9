import { type Language, type MessageKey, translator } from '@provefy/hosted-page/prompts';

/**
 * Texts of the kiosk's customer screen in English. The challenge prompts, the retry messages of every reason code
 * and the retake messages are the hosted page's (`@provefy/hosted-page/prompts`), so both say the same thing.
 */
export const customerEn = {
  'lang.switch': 'Language',
  'welcome.title': 'Welcome',
  'welcome.body': 'A member of staff will start your verification.',
  'ready.title': 'Identity verification',
  'ready.body': 'We will check that you are present in person, take a photo of your face and read your identity document.',
  'ready.privacy': 'Your images are used for this verification only.',
  'ready.start': 'Start',
  'done.title': 'Thank you',
  'done.body': 'All done. Please turn to the member of staff.',
  'capture.wait': 'One moment…',
  'capture.checking': 'Checking…',
  'notice.title': 'Let’s try that again',
  'liveness.title': 'Show us it is really you',
  'liveness.position': 'Put your face inside the oval',
  'selfie.title': 'Now a photo of your face',
  'selfie.look': 'Look at the camera',
  'hint.no_face': 'We cannot see your face',
  'hint.multiple_faces': 'Only one person in front of the camera, please',
  'hint.move_closer': 'Move a little closer',
  'hint.move_back': 'Move back a little',
  'hint.centre_face': 'Put your face inside the oval',
  'hint.too_dark': 'It is too dark here',
  'hint.hold_still': 'Hold still',
  'document.front': 'Your identity document',
  'document.back': 'Now the back of your document',
  'document.useScanner': 'Use the scanner: {label}',
  'document.useCamera': 'Hold it up to the camera',
  'document.noBack': 'My document has no back side',
  'document.holdInFrame': 'Hold your document inside the frame and keep it still',
  'document.takePicture': 'Take the picture',
  'document.waitingScan': 'Place your document on the scanner. Waiting for the scan…',
  'document.reading': 'Reading your document…',
  'document.scanning': 'Scanning…',
} as const;

export type CustomerKey = keyof typeof customerEn;

/** Textos da tela do cliente em português do Brasil. */
export const customerPtBR: Record<CustomerKey, string> = {
  'lang.switch': 'Idioma',
  'welcome.title': 'Bem-vindo',
  'welcome.body': 'Um atendente vai iniciar a sua verificação.',
  'ready.title': 'Verificação de identidade',
  'ready.body': 'Vamos confirmar que você está aqui pessoalmente, tirar uma foto do seu rosto e ler o seu documento de identidade.',
  'ready.privacy': 'Suas imagens são usadas apenas nesta verificação.',
  'ready.start': 'Começar',
  'done.title': 'Obrigado',
  'done.body': 'Tudo pronto. Por favor, dirija-se ao atendente.',
  'capture.wait': 'Um momento…',
  'capture.checking': 'Verificando…',
  'notice.title': 'Vamos tentar de novo',
  'liveness.title': 'Mostre que é você mesmo',
  'liveness.position': 'Posicione o rosto dentro do oval',
  'selfie.title': 'Agora uma foto do seu rosto',
  'selfie.look': 'Olhe para a câmera',
  'hint.no_face': 'Não conseguimos ver o seu rosto',
  'hint.multiple_faces': 'Apenas uma pessoa em frente à câmera, por favor',
  'hint.move_closer': 'Aproxime-se um pouco',
  'hint.move_back': 'Afaste-se um pouco',
  'hint.centre_face': 'Posicione o rosto dentro do oval',
  'hint.too_dark': 'Está escuro demais aqui',
  'hint.hold_still': 'Fique parado',
  'document.front': 'Seu documento de identidade',
  'document.back': 'Agora o verso do documento',
  'document.useScanner': 'Usar o scanner: {label}',
  'document.useCamera': 'Mostrar para a câmera',
  'document.noBack': 'Meu documento não tem verso',
  'document.holdInFrame': 'Segure o documento dentro da moldura, sem mexer',
  'document.takePicture': 'Tirar a foto',
  'document.waitingScan': 'Coloque o documento no scanner. Aguardando a digitalização…',
  'document.reading': 'Lendo o seu documento…',
  'document.scanning': 'Digitalizando…',
};

const CUSTOMER: Record<Language, Record<CustomerKey, string>> = { en: customerEn, 'pt-BR': customerPtBR };

/** A text of the customer screen: its own keys, or the hosted page's (challenges, reasons, causes, retakes). */
export type CustomerTranslate = (key: CustomerKey | MessageKey, vars?: Record<string, string | number>) => string;

/**
 * The customer screen's translation function for a language: its own texts first, then the hosted page's.
 *
 * @example
 * ```ts
 * customerTranslator('pt-BR')('welcome.title'); // 'Bem-vindo'
 * customerTranslator('en')('liveness.challenge.turn_left'); // 'Slowly turn your head to your left'
 * ```
 */
export function customerTranslator(lang: Language): CustomerTranslate {
  const own = CUSTOMER[lang] ?? customerEn;
  const page = translator(lang);
  return (key, vars) => {
    if (Object.hasOwn(own, key)) {
      const text = own[key as CustomerKey];
      return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
    }
    return page(key as MessageKey, vars);
  };
}

/** The customer-screen catalogues (for tests). */
export function customerCatalogues(): Record<Language, Record<CustomerKey, string>> {
  return CUSTOMER;
}
