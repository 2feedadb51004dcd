/* The statistical-secrecy note every publication carries (PDF and XLSX). */
#ifndef OBS_SECRET_NOTE_H
#define OBS_SECRET_NOTE_H

#define SECRET_RULES                                                                               \
    "Secret statistique : une valeur calculée sur moins de 3 établissements, ou dont un seul "   \
    "établissement représente plus de 85 % du total, n'est pas diffusée ; pour les personnes "   \
    "accompagnées, le seuil est de 5 personnes. D'autres cellules sont masquées lorsque leur "   \
    "valeur permettrait de retrouver une cellule secrète par différence (secret secondaire). "   \
    "Les cellules masquées portent la mention « s »."

#endif
