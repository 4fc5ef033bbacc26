#!/usr/bin/env python3
"""Writes the import benchmark's list: N people as a French-locale Excel CSV (`;`, Windows-1252 is not needed: UTF-8
with a byte-order mark), one line in twenty with a mistake an advisor would make (a short phone, a CIN of digits only)."""
import random
import sys

n, path = int(sys.argv[1]), sys.argv[2]
random.seed(7)
first = ["Mohamed", "Youssef", "Fatima Zahra", "Khadija", "Hamza", "Salma", "Omar", "Meryem", "Rachid", "Nadia", "Karim", "Imane"]
last = ["Benali", "Alaoui", "Bennani", "Tazi", "Berrada", "El Amrani", "Chraibi", "Lahlou", "El Fassi", "Benjelloun", "Bouzid"]
provinces = ["Casablanca", "Mohammedia", "Settat", "El Jadida", "Berrechid", "Nouaceur", "Médiouna", "Benslimane", "Sidi Bennour"]
statuses = ["informel", "Auto-entrepreneur", "SARL", "Coopérative", ""]
with open(path, "w", encoding="utf-8-sig", newline="") as out:
    out.write("Nom;Prénom;Téléphone;CIN;Sexe;Province;Activité;Statut\r\n")
    for i in range(n):
        phone = f"07{80000000 + i:08d}"
        cin = f"BK{300000 + i}"
        if i % 40 == 7:
            phone = phone[:6]
        elif i % 40 == 27:
            cin = f"{i}"
        activity = f"Activité {i}" if i % 3 else ""
        out.write(f"{random.choice(last)};{random.choice(first)};{phone};{cin};{random.choice('FH')};"
                  f"{random.choice(provinces)};{activity};{random.choice(statuses) if activity else ''}\r\n")
